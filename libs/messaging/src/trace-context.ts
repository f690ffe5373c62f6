/** Trace context in NATS message headers: W3C `traceparent` / `tracestate`, read and written through the OpenTelemetry API. */
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';

export const natsHeaderSetter: TextMapSetter<MsgHdrs> = {
  set: (headers, key, value) => headers.set(key, value),
};

export const natsHeaderGetter: TextMapGetter<MsgHdrs> = {
  // MsgHdrs answers '' for a header that is not there.
  get: (headers, key) => headers.get(key) || undefined,
  keys: (headers) => headers.keys(),
};

/** Attributes every NATS span carries (OpenTelemetry's messaging conventions). */
export const natsSpanAttributes = (wireSubject: string, operation: string): Record<string, string> => ({
  'messaging.system': 'nats',
  'messaging.destination.name': wireSubject,
  'messaging.operation.type': operation,
});
