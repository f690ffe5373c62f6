import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Metrics } from '@weop/observability';

/**
 * The gateway's Prometheus metrics on a port of their own (METRICS_PORT), for a scraper inside the
 * cluster: the public port (PORT, behind the Service and the Ingress) keeps refusing /metrics to
 * anyone but local callers or a WEOP_METRICS_TOKEN bearer, while this port is reached by no Service
 * and no Ingress, only pod to pod. It answers GET /metrics and nothing else (404).
 */
export async function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be read.\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
