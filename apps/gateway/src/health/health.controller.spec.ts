import type { FastifyReply } from 'fastify';
import type { Metrics } from '@weop/observability';
import type { ServiceClient } from '@weop/messaging';
import type { StatusReplica } from '../access/status-replica.service';
import type { GatewayConfig } from '../gateway.config';
import { HealthController } from './health.controller';

/** A gateway whose services answer as `up` says; the status replica loaded or not. */
const gateway = (up: Record<string, boolean>, config: Partial<GatewayConfig>, replicaReady = true) => {
  const client = { request: (subject: string) => (up[subject.split('.')[0]] ? Promise.resolve({}) : Promise.reject(new Error('no responders'))) } as unknown as ServiceClient;
  const replica = { ready: replicaReady } as StatusReplica;
  return new HealthController(client, replica, {} as Metrics, { WEOP_SERVICES: Object.keys(up), ...config } as GatewayConfig);
};
const ready = async (controller: HealthController) => {
  let status = 0;
  const reply = { status: (code: number) => ((status = code), reply) } as unknown as FastifyReply;
  const body = await controller.ready(reply);
  return { status, body };
};

describe('the gateway readiness', () => {
  it('by default needs every service up, and names the one that is down', async () => {
    expect(await ready(gateway({ identity: true, content: false }, {}))).toEqual({
      status: 503, body: { status: 'down', services: { identity: 'up', content: 'down' }, statusReplica: 'loaded' },
    });
    expect((await ready(gateway({ identity: true, content: true }, {}))).status).toBe(200);
  });

  it('in a cluster (WEOP_READY_SERVICES=none) stays ready while a service is down, still naming it', async () => {
    expect(await ready(gateway({ identity: true, content: false }, { WEOP_READY_SERVICES: ['none'] }))).toEqual({
      status: 200, body: { status: 'up', services: { identity: 'up', content: 'down' }, statusReplica: 'loaded' },
    });
    // Its status replica is still required: without it a restricted member would not be refused.
    expect((await ready(gateway({ identity: true }, { WEOP_READY_SERVICES: ['none'] }, false))).status).toBe(503);
  });

  it('needs exactly the services named', async () => {
    expect((await ready(gateway({ identity: true, content: false }, { WEOP_READY_SERVICES: ['identity'] }))).status).toBe(200);
    expect((await ready(gateway({ identity: false, content: true }, { WEOP_READY_SERVICES: ['identity'] }))).status).toBe(503);
  });
});
