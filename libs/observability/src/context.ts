/** The per-request context (correlation id, caller) that follows work across async calls and NATS hops. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface CallContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CallContext>();
let acrossAwaits = true;
let synchronous: CallContext | undefined;

/**
 * Whether `runWithContext` follows the work across awaits (AsyncLocalStorage; the default), or only
 * through its synchronous part. A process that passes its context explicitly turns it off: on Node 20
 * the first `AsyncLocalStorage.run` turns on promise hooks for good, and from then on every promise the
 * process makes costs a hook call (a third of the gateway's CPU on its lightest route). The gateway
 * does this (apps/gateway/src/main.ts): its request path and its log lines name the correlation id
 * themselves. Services keep it on, since their outbox rows and logs read the id from the context.
 */
export function followContextAcrossAwaits(enabled: boolean): void {
  acrossAwaits = enabled;
}

export const runWithContext = <T>(context: CallContext, fn: () => T): T => {
  if (acrossAwaits) return storage.run(context, fn);
  const outer = synchronous;
  synchronous = context;
  try {
    return fn();
  } finally {
    synchronous = outer;
  }
};

export const currentContext = (): CallContext | undefined => storage.getStore() ?? synchronous;

export const currentCorrelationId = (): string | undefined => currentContext()?.correlationId;

/** A correlation id from a caller is kept only when it is short and plain; otherwise a new one is made. */
export const acceptCorrelationId = (candidate: unknown): string =>
  typeof candidate === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(candidate) ? candidate : randomUUID();
