/**
 * A task a service runs every few seconds (lifting ended suspensions, expiring posts): never two
 * passes at once, a failed pass logged and retried on the next tick, and a stop that waits for the
 * pass in flight so a shutdown does not cut a transaction short. What is due lives in the database,
 * so a restart loses nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ROOT_CONTEXT, SpanKind, recordSpanError, runWithContext, safeError, tracer, withSpan } from '@weop/observability';

export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass now (or the one already running). */
  runOnce(): Promise<void> {
    this.running ??= this.tracedPass().finally(() => (this.running = undefined));
    return this.running;
  }

  /** A pass is work of its own: a correlation id (and, with traces on, a trace) that its logs and events carry. */
  private tracedPass(): Promise<void> {
    const span = tracer().startSpan(`task ${this.name}`, { kind: SpanKind.INTERNAL }, ROOT_CONTEXT);
    const correlationId = randomUUID();
    return runWithContext({ correlationId }, () =>
      withSpan(span, async () => {
        try {
          await this.pass();
        } catch (error) {
          recordSpanError(span, error);
          this.logger.warn({ error: safeError(error), task: this.name, correlationId }, `${this.name} failed; will retry`);
        } finally {
          span.end();
        }
      }, ROOT_CONTEXT),
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
