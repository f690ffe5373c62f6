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
  /**
   * Puts a dead letter back on its subject, where every consumer of it gets it again: those that applied
   * it skip it through their inbox. An inbox remembers an event only as long as the event history is kept
   * (event-history.ts), so an event that occurred before `notBefore` (the same horizon as reconcile's) is
   * refused: a consumer that applied it may have forgotten it and would apply it twice.
   */
  async replay(seq: number, notBefore?: Date): Promise<DeadLetter> {
    const letter = (await this.list()).find((l) => l.seq === seq);
    if (!letter) throw new Error(`No dead letter with sequence ${seq}`);
    const occurredAt = occurredAtOf(letter);
    if (notBefore && occurredAt && occurredAt < notBefore) {
      throw new TooOldToReplay(`Dead letter #${seq} (event ${letter.eventId}) occurred ${occurredAt.toISOString()}, before the event history kept (WEOP_EVENT_RETENTION_DAYS): consumers that applied it may have forgotten it, so it is not replayed. Apply its effect by hand if it is still wanted.`);
    }
    const h = natsHeaders();
    h.set('x-weop-replay-of', String(seq));
    await this.js.publish(this.naming.event(letter.subject), new TextEncoder().encode(letter.data), {
      msgID: `${letter.eventId}:replay:${seq}`,
      headers: h,
    });
    await this.jsm.streams.deleteMessage(this.naming.deadLetterStream(), seq);
    return letter;
  }

  /** Replays every dead letter young enough (see replay); the ones too old stay, listed in `tooOld`. */
  async replayAll(notBefore?: Date): Promise<{ replayed: DeadLetter[]; tooOld: DeadLetter[] }> {
    const replayed: DeadLetter[] = [];
    const tooOld: DeadLetter[] = [];
    for (const letter of await this.list()) {
      const occurredAt = occurredAtOf(letter);
      if (notBefore && occurredAt && occurredAt < notBefore) tooOld.push(letter);
      else replayed.push(await this.replay(letter.seq, notBefore));
    }
    return { replayed, tooOld };
  }
}

export class TooOldToReplay extends Error {}

/** When the parked event occurred, from its envelope; undefined when the envelope does not say. */
function occurredAtOf(letter: DeadLetter): Date | undefined {
  try {
    const at = (JSON.parse(letter.data) as { occurredAt?: unknown }).occurredAt;
    const date = typeof at === 'string' ? new Date(at) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  } catch {
    return undefined;
  }
}
