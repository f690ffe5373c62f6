/** The per-request context (correlation id, caller) that follows work across async calls and NATS hops. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface CallContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CallContext>();

export const runWithContext = <T>(context: CallContext, fn: () => T): T => storage.run(context, fn);

export const currentContext = (): CallContext | undefined => storage.getStore();

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** A correlation id from a caller is kept only when it is short and plain; otherwise a new one is made. */
export const acceptCorrelationId = (candidate: unknown): string =>
  typeof candidate === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(candidate) ? candidate : randomUUID();
