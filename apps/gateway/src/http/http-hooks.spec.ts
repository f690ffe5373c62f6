import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { Metrics, acceptCorrelationId, createLogger } from '@weop/observability';
import { installHttpHooks, requestLogger } from './http-hooks';

describe('the gateway\'s request hooks', () => {
  it('put the request\'s correlation id on the request line and, through requestLogger, on every line its handler logs, across awaits', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger('gateway', 'info', sink);
    const fastify = Fastify({ genReqId: (req) => acceptCorrelationId(req.headers['x-correlation-id']) });
    installHttpHooks(fastify, logger, new Metrics('gateway'));
    fastify.post('/api/v1/things', async (request) => {
      await new Promise((r) => setTimeout(r, 5));
      requestLogger(logger, request).info({ size: JSON.stringify(request.body).length }, 'thing received');
      return { ok: true };
    });
    const answer = await fastify.inject({ method: 'POST', url: '/api/v1/things', headers: { 'x-correlation-id': 'corr-gw-7' }, payload: { name: 'x' } });
    await fastify.close();

    expect(answer.headers['x-correlation-id']).toBe('corr-gw-7');
    expect(lines.find((l) => l.msg === 'thing received')).toMatchObject({ correlationId: 'corr-gw-7', service: 'gateway' });
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ correlationId: 'corr-gw-7', route: '/api/v1/things', status: 200 });
  });
});
