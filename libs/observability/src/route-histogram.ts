/**
 * The HTTP request-duration histogram, by method, route and status, recorded without allocating.
 *
 * prom-client's Histogram, on every observation, builds a label object, validates its names, joins the
 * labels into a string, looks the series up by that new string, and finds the bucket by a number turned into a
 * property name: about a tenth of the gateway's work on a bare request. Here a series is found through maps
 * keyed by the values themselves (the route pattern and the method are the same string objects on every
 * request, so their hashes are kept), and a bucket by its index. What a scrape shows is prom-client's own
 * exposition: this is a metric of its registry, and it hands the registry the same values its Histogram would
 * (metrics.spec.ts compares the two).
 */
import type { Registry } from 'prom-client';

/** One line of a scrape: `sharedLabels` are the series' labels (prom-client's own shape for a histogram's values). */
interface ScrapedValue {
  labels: Record<string, string | number>;
  sharedLabels?: Record<string, string>;
  value: number;
  metricName: string;
}

/** What a registry reads of a metric at a scrape (prom-client's MetricObjectWithValues, less the collect hook it does not call). */
interface Scraped {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: ScrapedValue[];
}

interface Series {
  labels: { method: string; route: string; status: string };
  /** Observations per bucket (not cumulative); index i counts values in (bounds[i-1], bounds[i]]. */
  counts: number[];
  sum: number;
  count: number;
}

export class RouteDurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** route → method → status → series. */
  private readonly series = new Map<string, Map<string, Map<number, Series>>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registers: Registry[],
  ) {
    for (const registry of registers) registry.registerMetric(this as never);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map<string, Map<number, Series>>()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map<number, Series>()));
    let series = byStatus.get(status);
    if (!series) byStatus.set(status, (series = { labels: { method, route, status: String(status) }, counts: this.bounds.map(() => 0), sum: 0, count: 0 }));
    let bucket = 0;
    while (bucket < this.bounds.length && seconds > this.bounds[bucket]) bucket += 1;
    if (bucket < this.bounds.length) series.counts[bucket] += 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** What the registry formats for a text scrape: cumulative buckets, +Inf, sum and count per series, as prom-client's Histogram gives them. */
  getForPromString(): Promise<Scraped> {
    const values: ScrapedValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const byMethod of this.series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const { labels, counts, sum, count } of byStatus.values()) {
          let cumulative = 0;
          this.bounds.forEach((bound, i) => {
            cumulative += counts[i];
            values.push({ labels: { le: bound }, sharedLabels: labels, value: cumulative, metricName: bucketName });
          });
          values.push(
            { labels: { le: '+Inf' }, sharedLabels: labels, value: count, metricName: bucketName },
            { labels: {}, sharedLabels: labels, value: sum, metricName: `${this.name}_sum` },
            { labels: {}, sharedLabels: labels, value: count, metricName: `${this.name}_count` },
          );
        }
      }
    }
    return Promise.resolve({ name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' });
  }

  /** The same values with each series' labels in `labels` (what `registry.getMetricsAsJSON()` and cluster aggregation read). */
  async get(): Promise<Scraped> {
    const scraped = await this.getForPromString();
    return { ...scraped, values: scraped.values.map(({ labels, sharedLabels, ...value }) => ({ ...value, labels: { ...labels, ...sharedLabels } })) };
  }

  reset(): void {
    this.series.clear();
  }
}
