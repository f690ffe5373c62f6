/**
 * The test plays another service on the event backbone: it publishes events as trust-safety would
 * (envelopes on the producer's stream) and reads what a service published (content's reports).
 */
import { randomUUID } from 'node:crypto';
import { JSONCodec, connect } from 'nats';
import type { EventEnvelope, EventPayload, EventSubject } from '@weop/contracts';
import { producerOf } from '@weop/contracts';
import { Naming, ensureEventStream } from '@weop/messaging';
import type { SuiteScope } from '@weop/testing';

const codec = JSONCodec();

/** Publishes an event; the same `envelopeId` twice is the same event delivered twice. */
export async function publishEvent<S extends EventSubject>(scope: SuiteScope, subject: S, payload: EventPayload<S>, envelopeId: string = randomUUID()): Promise<string> {
  const nc = await connect({ servers: scope.natsUrl });
  try {
    const naming = new Naming(scope.namespace);
    const envelope: EventEnvelope = { id: envelopeId, subject, producer: producerOf(subject), occurredAt: new Date().toISOString(), payload };
    // Playing the producer: its stream exists once it has started (the consumers wait for it until then).
    await ensureEventStream(await nc.jetstreamManager(), naming, producerOf(subject), 1, false);
    // No Nats-Msg-Id: JetStream would drop the second copy, and the point is that the consumer's inbox does.
    await nc.jetstream().publish(naming.event(subject), codec.encode(envelope));
    return envelopeId;
  } finally {
    await nc.close();
  }
}

/** Every event of `subject` on its producer's stream so far, oldest first. */
export async function readEvents<S extends EventSubject>(scope: SuiteScope, subject: S): Promise<EventEnvelope<EventPayload<S>>[]> {
  const nc = await connect({ servers: scope.natsUrl });
  try {
    const naming = new Naming(scope.namespace);
    const jsm = await nc.jetstreamManager();
    const stream = naming.stream(producerOf(subject));
    const info = await jsm.streams.info(stream).catch(() => undefined);
    if (!info) return [];
    const found: EventEnvelope<EventPayload<S>>[] = [];
    const wire = naming.event(subject);
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (message && message.subject === wire) found.push(codec.decode(message.data) as EventEnvelope<EventPayload<S>>);
    }
    return found;
  } finally {
    await nc.close();
  }
}
