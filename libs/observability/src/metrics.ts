/**
 * Prometheus metrics: one registry per process (per app in tests), default Node metrics plus what the
 * platform adds. Counters and histograms are updated where the work happens; the gauges that describe
 * a backlog (outbox, consumer lag, stored dead letters) are read at scrape time through probes that
 * the owning component registers, each cached for a short while so a busy scraper costs little.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RouteDurationHistogram } from './route-histogram';

/** Seconds: the buckets of every duration histogram. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The version this process runs: the configured one (WEOP_VERSION, the image's tag, read and validated
 * with the rest of the settings in TelemetryConfig), else the version in the repository's package.json,
 * else `unknown`.
 */
export function buildVersion(configured?: string): string {
  if (configured) return configured;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (version && !name?.startsWith('@weop/')) return version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** A scrape-time reader: sets its gauges; a failure leaves them empty (the series disappear) rather than stale. */
export type ScrapeProbe = () => Promise<void>;

interface ProbeEntry {
  probe: ScrapeProbe;
  ttlMs: number;
  readAt: number;
  reading?: Promise<void>;
  inFlight: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'subject' | 'outcome'>;
  readonly httpDuration: RouteDurationHistogram;
  readonly eventsPublished: Counter<'subject'>;
  readonly eventsConsumed: Counter<'subject' | 'consumer' | 'outcome'>;
  readonly eventHandlingDuration: Histogram<'subject' | 'consumer' | 'outcome'>;
  readonly buildInfo: Gauge<'version'>;
  readonly deadLetters: Counter<'subject' | 'consumer'>;
  readonly outboxUnsent: Gauge;
  readonly outboxOldestUnsentAge: Gauge;
  readonly consumerPending: Gauge<'consumer' | 'subject'>;
  readonly consumerAckPending: Gauge<'consumer' | 'subject'>;
  readonly deadLettersStored: Gauge<'consumer' | 'subject'>;
  readonly sanctionsApplied: Counter<'kind'>;
  readonly sanctionsLifted: Counter<'reason'>;
  private readonly probes = new Map<string, ProbeEntry>();

  /** `version`: the configured WEOP_VERSION, if any (see buildVersion). */
  constructor(service: string, version?: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    // Every scrape-time gauge waits for the same round of probes.
    const collect = (): Promise<void> => this.readProbes();
    this.requestDuration = new Histogram({
      name: 'weop_nats_request_duration_seconds',
      help: 'Time to answer a NATS request, by subject and outcome',
      labelNames: ['subject', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    // On every HTTP request of the gateway: recorded without allocating (route-histogram.ts).
    this.httpDuration = new RouteDurationHistogram('weop_http_request_duration_seconds', 'Time to answer an HTTP request, by route and status', DURATION_BUCKETS, registers);
    this.eventsPublished = new Counter({
      name: 'weop_events_published_total',
      help: 'Outbox rows published to JetStream',
      labelNames: ['subject'],
      registers,
    });
    this.eventsConsumed = new Counter({
      name: 'weop_events_consumed_total',
      help: 'Events handled by a durable consumer, by outcome (applied, duplicate, retry, dead-lettered)',
      labelNames: ['subject', 'consumer', 'outcome'],
      registers,
    });
    this.eventHandlingDuration = new Histogram({
      name: 'weop_event_handling_duration_seconds',
      help: "Time a durable consumer took over one event, from delivery to its ack (validation, the inbox and the handler's transaction), by subject and outcome",
      labelNames: ['subject', 'consumer', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.buildInfo = new Gauge({
      name: 'weop_build_info',
      help: 'Always 1: the version this service runs (WEOP_VERSION, else package.json), in its labels',
      labelNames: ['version'],
      registers,
    });
    this.buildInfo.set({ version: buildVersion(version) }, 1);
    this.deadLetters = new Counter({
      name: 'weop_dead_letters_total',
      help: 'Events this process moved to the dead-letter stream',
      labelNames: ['subject', 'consumer'],
      registers,
    });
    // Exported only once an outbox relay registers its probe (addScrapeProbe): a process without an
    // outbox (the gateway) would otherwise show an empty outbox it does not have.
    this.outboxUnsent = new Gauge({
      name: 'weop_outbox_unsent_events',
      help: 'Outbox rows committed but not yet acknowledged by JetStream (read at scrape time)',
      registers: [],
      collect,
    });
    this.outboxOldestUnsentAge = new Gauge({
      name: 'weop_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest unsent outbox row, 0 when the outbox is empty (read at scrape time)',
      registers: [],
      collect,
    });
    this.consumerPending = new Gauge({
      name: 'weop_consumer_pending_events',
      help: "Events in the stream not yet delivered to this service's durable consumer: its lag (JetStream num_pending, read at scrape time)",
      labelNames: ['consumer', 'subject'],
      registers,
      collect,
    });
    this.consumerAckPending = new Gauge({
      name: 'weop_consumer_ack_pending_events',
      help: 'Events delivered to the durable consumer and not yet acknowledged (JetStream num_ack_pending, read at scrape time)',
      labelNames: ['consumer', 'subject'],
      registers,
      collect,
    });
    this.deadLettersStored = new Gauge({
      name: 'weop_dead_letters_stored',
      help: "Events of this service's consumers waiting in the dead-letter stream (read at scrape time)",
      labelNames: ['consumer', 'subject'],
      registers,
      collect,
    });
    this.sanctionsApplied = new Counter({
      name: 'weop_sanctions_applied_total',
      help: "Trust-safety's sanctions this service applied (counted by its durable consumer once the handler committed), by kind (warning, suspension, expulsion)",
      labelNames: ['kind'],
      registers,
    });
    this.sanctionsLifted = new Counter({
      name: 'weop_sanctions_lifted_total',
      help: 'Sanction lifts this service applied, by reason (expired, overturned, revoked)',
      labelNames: ['reason'],
      registers,
    });
  }

  /**
   * Registers a probe run (at most once per `ttlMs`) when the registry is scraped, and exports the
   * gauges in `exports`. Returns the function that removes the probe, for a component that stops.
   */
  addScrapeProbe(name: string, probe: ScrapeProbe, ttlMs = 2000, exports: Gauge<string>[] = []): () => void {
    // The gauges the probe fills, when they are not exported from the start.
    for (const gauge of exports) {
      const metricName = (gauge as unknown as { name: string }).name;
      if (!this.registry.getSingleMetric(metricName)) this.registry.registerMetric(gauge);
    }
    const entry: ProbeEntry = { probe, ttlMs, readAt: 0, inFlight: false };
    this.probes.set(name, entry);
    return () => {
      if (this.probes.get(name) === entry) this.probes.delete(name);
    };
  }

  private readProbes(): Promise<void> {
    const now = Date.now();
    const readings: Promise<void>[] = [];
    for (const entry of this.probes.values()) {
      // One reading serves every gauge of a scrape (they are collected together) and later scrapes within ttlMs.
      if (!entry.reading || (!entry.inFlight && now - entry.readAt >= entry.ttlMs)) {
        entry.readAt = now;
        entry.inFlight = true;
        // A probe that fails must not fail the scrape: the other metrics are still worth having.
        entry.reading = entry
          .probe()
          .catch(() => undefined)
          .finally(() => {
            entry.inFlight = false;
          });
      }
      readings.push(entry.reading);
    }
    return Promise.all(readings).then(() => undefined);
  }
}
