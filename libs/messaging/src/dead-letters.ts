/** Listing and replaying the dead-letter stream (the operator's tool, also used by tests). */
import { headers as natsHeaders } from 'nats';
import type { JetStreamClient, JetStreamManager } from 'nats';
import { DEAD_LETTER_HEADERS } from './event-consumer';
import type { Naming } from './naming';

/** The event id from the envelope itself, when the data is one. */
const eventIdOf = (data: Uint8Array): string | undefined => {
  try {
    const id = (JSON.parse(new TextDecoder().decode(data)) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
};

export interface DeadLetter {
  seq: number;
  subject: string;
  consumer: string;
  eventId: string;
  error: string;
  deliveries: number;
  storedAt: string;
  data: string;
}

export class DeadLetters {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly naming: Naming,
  ) {}

  async list(): Promise<DeadLetter[]> {
    const stream = this.naming.deadLetterStream();
    let info;
    try {
      info = await this.jsm.streams.info(stream);
    } catch (error) {
      if ((error as { code?: string }).code === '404') return [];
      throw error;
    }
    const out: DeadLetter[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      try {
        const m = await this.jsm.streams.getMessage(stream, { seq });
        out.push({
          seq,
          subject: m.header.get(DEAD_LETTER_HEADERS.subject),
          consumer: m.header.get(DEAD_LETTER_HEADERS.consumer),
          eventId: eventIdOf(m.data) ?? m.header.get(DEAD_LETTER_HEADERS.eventId),
          error: m.header.get(DEAD_LETTER_HEADERS.error),
          deliveries: Number(m.header.get(DEAD_LETTER_HEADERS.deliveries)),
          storedAt: m.time.toISOString(),
          data: new TextDecoder().decode(m.data),
        });
      } catch (error) {
        if ((error as { code?: string }).code !== '404') throw error; // deleted (replayed) sequence
      }
    }
    return out;
  }

  /**
   * Puts a dead letter back on its original subject, as a new stream message, and removes it from
   * the dead-letter stream. Consumers that already applied the event find it in their inbox.
   */
  async replay(seq: number): Promise<DeadLetter> {
    const letter = (await this.list()).find((l) => l.seq === seq);
    if (!letter) throw new Error(`No dead letter with sequence ${seq}`);
    const h = natsHeaders();
    h.set('x-weop-replay-of', String(seq));
    await this.js.publish(this.naming.event(letter.subject), new TextEncoder().encode(letter.data), {
      msgID: `${letter.eventId}:replay:${seq}`,
      headers: h,
    });
    await this.jsm.streams.deleteMessage(this.naming.deadLetterStream(), seq);
    return letter;
  }

  async replayAll(): Promise<DeadLetter[]> {
    const replayed: DeadLetter[] = [];
    for (const letter of await this.list()) replayed.push(await this.replay(letter.seq));
    return replayed;
  }
}
