/**
 * How a service answers a request (RpcServer's dispatch): a value, nothing, an Observable, a domain error, a
 * failure, an invalid payload and a message that is not JSON, each as the caller sees it. Real NATS and
 * PostgreSQL, through `createServiceApp` as every service starts.
 */
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsUUID } from 'class-validator';
import { connect, headers as natsHeaders } from 'nats';
import type { NatsConnection } from 'nats';
import { of } from 'rxjs';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode, Headers } from '@weop/contracts';
import { Naming, RpcController, ServiceClient, ServiceConfig, createServiceApp } from '@weop/messaging';
import { currentCorrelationId } from '@weop/observability';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { probeServiceModule } from './event-backbone.harness';

class Echo {
  @IsUUID() id!: string;
}

@RpcController()
class ProbeHandler {
  @MessagePattern('identity.probe.echo')
  async echo(@Payload() input: Echo): Promise<{ id: string; correlationId: string | undefined }> {
    // The caller's correlation id is still there after the handler has waited.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { id: input.id, correlationId: currentCorrelationId() };
  }

  @MessagePattern('identity.probe.nothing')
  nothing(): Promise<null> {
    return Promise.resolve(null);
  }

  @MessagePattern('identity.probe.stream')
  stream(): Observable<{ streamed: true }> {
    return of({ streamed: true });
  }

  @MessagePattern('identity.probe.refuse')
  refuse(): Promise<never> {
    return Promise.reject(new DomainError(ErrorCode.NOT_FOUND, 'The thing was not found.'));
  }

  @MessagePattern('identity.probe.unwritable')
  unwritable(): Promise<{ count: bigint }> {
    return Promise.resolve({ count: 1n });
  }

  @MessagePattern('identity.probe.fail')
  fail(): Promise<never> {
    return Promise.reject(new Error('connection string postgres://secret@db was refused'));
  }
}

@Module({})
class ProbeModule {
  static register(config: ServiceConfig, url: string): DynamicModule {
    return probeServiceModule(ProbeModule, 'identity', config, url, { controllers: [ProbeHandler] });
  }
}

describe("a service's answers to requests", () => {
  let scope: SuiteScope;
  let app: NestFastifyApplication;
  let nc: NatsConnection;
  let naming: Naming;
  let calls: ServiceClient;

  beforeAll(async () => {
    scope = await suiteScope('rpcserver');
    await scope.database('identity');
    app = await createServiceApp(
      { service: 'identity', configClass: ServiceConfig, module: (config, database) => ProbeModule.register(config, database.url) },
      { DATABASE_URL: scope.databaseServerUrl, WEOP_DATABASE_PREFIX: scope.databasePrefix, NATS_URL: scope.natsUrl, WEOP_NATS_NAMESPACE: scope.namespace, LOG_LEVEL: 'silent' },
    );
    nc = await connect({ servers: scope.natsUrl });
    naming = new Naming(scope.namespace);
    calls = new ServiceClient(nc, naming, 2000);
  });
  afterAll(async () => {
    await nc.close();
    await app.close();
    await scope.cleanup();
  });

  const raw = async (subject: string, data: Uint8Array, correlationId?: string): Promise<Record<string, unknown>> => {
    const h = natsHeaders();
    if (correlationId) h.set(Headers.correlationId, correlationId);
    const reply = await nc.request(naming.rpc(subject), data, { timeout: 2000, headers: h });
    return JSON.parse(new TextDecoder().decode(reply.data)) as Record<string, unknown>;
  };

  it("answers with the handler's value in Nest's packet, under the caller's correlation id", async () => {
    const id = randomUUID();
    const requestId = randomUUID();
    const packet = await raw('identity.probe.echo', new TextEncoder().encode(JSON.stringify({ pattern: 'identity.probe.echo', data: { id }, id: requestId })), 'corr-echo-1');
    expect(packet).toEqual({ response: { id, correlationId: 'corr-echo-1' }, isDisposed: true, id: requestId });
    expect(await calls.request('identity.probe.echo', { id }, { correlationId: 'corr-echo-2' })).toEqual({ id, correlationId: 'corr-echo-2' });
  });

  it('answers null, and a value a handler gives as an Observable', async () => {
    expect(await calls.request('identity.probe.nothing', {})).toBeNull();
    expect(await calls.request('identity.probe.stream', {})).toEqual({ streamed: true });
  });

  it('passes a domain error on unchanged, and answers any other failure as INTERNAL without its detail', async () => {
    await expect(calls.request('identity.probe.refuse', {})).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND, message: 'The thing was not found.' });
    const failure = await calls.request('identity.probe.fail', {}).then(
      () => undefined,
      (error: unknown) => error as DomainError,
    );
    expect(failure).toMatchObject({ code: ErrorCode.INTERNAL });
    expect(JSON.stringify(failure)).not.toContain('secret');
    // An answer JSON cannot hold: INTERNAL, where the caller would otherwise wait for her timeout (SERVICE_UNAVAILABLE).
    await expect(calls.request('identity.probe.unwritable', {})).rejects.toMatchObject({ code: ErrorCode.INTERNAL });
  });

  it('refuses a payload that breaks its contract, and a message that is not JSON, and goes on answering', async () => {
    await expect(calls.request('identity.probe.echo', { id: 'nope' })).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    await expect(calls.request('identity.probe.echo', { id: randomUUID(), extra: 1 })).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    const notJson = await raw('identity.probe.echo', new TextEncoder().encode('{"pattern": "identity.probe.echo", "data": {'));
    expect(notJson).toMatchObject({ err: { code: ErrorCode.VALIDATION_FAILED, details: [{ field: 'body', problem: 'must be JSON' }] }, isDisposed: true });
    const id = randomUUID();
    expect(await calls.request('identity.probe.echo', { id })).toMatchObject({ id });
  });
});
