import { Histogram, Registry } from 'prom-client';
import { Metrics, buildVersion } from './metrics';
import { RouteDurationHistogram } from './route-histogram';

describe('scrape-time metrics', () => {
  it('reads a probe at most once per its cache time, however many gauges and scrapes ask', async () => {
    const metrics = new Metrics('content');
    let reads = 0;
    metrics.addScrapeProbe('consumers', async () => {
      reads += 1;
      metrics.consumerPending.set({ consumer: 'content', subject: 'identity.profile.changed.v1' }, 7);
      await Promise.resolve();
    }, 60_000);
    const [first] = await Promise.all([metrics.registry.metrics(), metrics.registry.metrics()]);
    await metrics.registry.metrics();
    expect(reads).toBe(1);
    expect(first).toContain('weop_consumer_pending_events{consumer="content",subject="identity.profile.changed.v1",service="content"} 7');
  });

  it('still answers a scrape when a probe fails, and stops reading a probe that was removed', async () => {
    const metrics = new Metrics('identity');
    let reads = 0;
    const remove = metrics.addScrapeProbe('outbox', () => {
      reads += 1;
      return Promise.reject(new Error('database away'));
    }, 0, [metrics.outboxUnsent]);
    expect(await metrics.registry.metrics()).toContain('weop_outbox_unsent_events{service="identity"} 0');
    remove();
    await metrics.registry.metrics();
    expect(reads).toBe(1);
  });

  it('does not export outbox gauges in a process without an outbox', async () => {
    expect(await new Metrics('gateway').registry.metrics()).not.toContain('weop_outbox_unsent_events');
  });

  it('says which version each service runs: the image tag a deployment sets, else package.json', async () => {
    expect(await new Metrics('awards', '2026.11.28-abc123').registry.metrics()).toContain('weop_build_info{version="2026.11.28-abc123",service="awards"} 1');
    expect(buildVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the HTTP duration histogram', () => {
  it("scrapes exactly as prom-client's Histogram would for the same requests", async () => {
    const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
    const ours = new Registry();
    const theirs = new Registry();
    for (const registry of [ours, theirs]) registry.setDefaultLabels({ service: 'gateway' });
    const fast = new RouteDurationHistogram('weop_http_request_duration_seconds', 'Time to answer an HTTP request, by route and status', buckets, [ours]);
    const reference = new Histogram({ name: 'weop_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route and status', labelNames: ['method', 'route', 'status'], buckets, registers: [theirs] });
    const requests: [string, string, number, number][] = [
      ['GET', '/api/v1/profiles/:id', 200, 0.0004],
      ['GET', '/api/v1/profiles/:id', 200, 0.001],
      ['POST', '/api/v1/reports', 201, 0.0031],
      ['GET', '/api/v1/profiles/:id', 404, 0.02],
      ['GET', 'unmatched', 404, 0.00007],
      ['GET', '/api/v1/profiles/:id', 200, 3.7],
      ['POST', '/api/v1/reports', 201, 2.5],
      ['GET', '/health/live', 200, 0.0001],
    ];
    for (const [method, route, status, seconds] of requests) {
      fast.observe(method, route, status, seconds);
      reference.observe({ method, route, status: String(status) }, seconds);
    }
    const lines = async (registry: Registry): Promise<string[]> => (await registry.metrics()).split('\n').sort();
    const scraped = await lines(ours);
    expect(scraped).toEqual(await lines(theirs));
    expect(scraped).toContain('weop_http_request_duration_seconds_bucket{le="0.001",service="gateway",method="GET",route="/api/v1/profiles/:id",status="200"} 2');
    expect(scraped).toContain('weop_http_request_duration_seconds_count{service="gateway",method="GET",route="/api/v1/profiles/:id",status="200"} 3');
    // And as JSON (what cluster aggregation reads): every value with its series' labels.
    const json = async (registry: Registry): Promise<string[]> => (await registry.getMetricsAsJSON()).flatMap((m) => m.values.map((v) => JSON.stringify([(v as { metricName?: string }).metricName, Object.entries(v.labels).sort(), v.value]))).sort();
    expect(await json(ours)).toEqual(await json(theirs));

    fast.reset();
    expect(await ours.metrics()).not.toContain('_count');
  });
});
