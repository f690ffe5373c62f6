/** Prometheus metrics: one registry per process, default Node metrics plus what the platform adds. */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'subject' | 'outcome'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsPublished: Counter<'subject'>;
  readonly eventsConsumed: Counter<'subject' | 'consumer' | 'outcome'>;
  readonly deadLetters: Counter<'subject' | 'consumer'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'weop_nats_request_duration_seconds',
      help: 'Time to answer a NATS request, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'weop_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'weop_events_published_total',
      help: 'Outbox rows published to JetStream',
      labelNames: ['subject'],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'weop_events_consumed_total',
      help: 'Events handled by a durable consumer, by outcome (applied, duplicate, retry, dead-lettered)',
      labelNames: ['subject', 'consumer', 'outcome'],
      registers: [this.registry],
    });
    this.deadLetters = new Counter({
      name: 'weop_dead_letters_total',
      help: 'Events moved to the dead-letter stream',
      labelNames: ['subject', 'consumer'],
      registers: [this.registry],
    });
  }
}
