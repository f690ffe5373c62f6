/**
 * What travels on JetStream. The payload is a versioned class registered in `EVENTS`; the envelope is
 * the same for every event so that the outbox, relay, inbox and dead-letter tools can treat them alike.
 */
export interface EventEnvelope<P = unknown> {
  /** UUID; also the `Nats-Msg-Id`, so JetStream drops a re-published duplicate, and the inbox key. */
  id: string;
  /** `<service>.<aggregate>.<past-tense-verb>.v<N>`, without any deployment prefix. */
  subject: string;
  producer: string;
  occurredAt: string;
  correlationId?: string;
  payload: P;
}
