import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Metrics } from '@weop/observability';
import { startMetricsServer } from './metrics-server';

describe("the gateway's metrics port (METRICS_PORT)", () => {
  const metrics = new Metrics('gateway');
  let server: Server;
  let base: string;
  beforeAll(async () => {
    metrics.httpDuration.observe('GET', '/api/v1/blogs', 200, 0.01);
    server = await startMetricsServer(metrics, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('serves the Prometheus text to a scraper without a token', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/weop_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/blogs"[^}]*\} 1/);
    expect(text).toMatch(/service="gateway"/);
  });

  it('serves nothing else: no API, no health, no other method', async () => {
    for (const path of ['/api/v1/blogs', '/health/ready', '/']) expect((await fetch(`${base}${path}`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('refuses to start on a port already taken, instead of running without metrics', async () => {
    const port = (server.address() as AddressInfo).port;
    await expect(startMetricsServer(metrics, port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
  });
});
