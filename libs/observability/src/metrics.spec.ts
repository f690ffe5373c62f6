import { Metrics, buildVersion } from './metrics';

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
