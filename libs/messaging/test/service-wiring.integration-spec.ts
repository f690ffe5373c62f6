/**
 * The wiring every service gets from `createServiceApp` + `MessagingModule`: a provider method marked
 * @OnEvent becomes a durable consumer with an inbox, an event added to the outbox in a use case's
 * transaction is relayed, and the service answers requests and health. Real NATS and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EntityManager } from '@mikro-orm/postgresql';
import { IsUUID } from 'class-validator';
import { connect } from 'nats';
import { AccountRegisteredV1 } from '@weop/contracts';
import type { EventPayload } from '@weop/contracts';
import { Naming, OnEvent, Outbox, RpcController, ServiceClient, ServiceConfig, createServiceApp, ensureEventStream } from '@weop/messaging';
import type { EventContext } from '@weop/messaging';
import { eventually, suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { AppliedStatus, probeServiceModule } from './event-backbone.harness';

class Announce {
  @IsUUID() accountId!: string;
}

/** A use case that changes nothing but announces: the event goes through the outbox in its transaction. */
@RpcController()
class ProbeHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  @MessagePattern('identity.probe.announce')
  async announce(@Payload() input: Announce): Promise<{ ok: true }> {
    await this.em.fork().transactional((em) =>
      this.outbox.add(em, AccountRegisteredV1.subject, { accountId: input.accountId, country: 'MN', registeredAt: new Date().toISOString() }),
    );
    return { ok: true };
  }
}

@Injectable()
class RegistrationProjector {
  @OnEvent(AccountRegisteredV1.subject)
  async onRegistered(payload: EventPayload<typeof AccountRegisteredV1.subject>, ctx: EventContext<EventPayload<typeof AccountRegisteredV1.subject>>): Promise<void> {
    ctx.em.persist(ctx.em.create(AppliedStatus, { eventId: ctx.envelope.id, accountId: payload.accountId, status: payload.country, version: 1 }));
    await Promise.resolve();
  }
}

@Module({})
class ProbeModule {
  static register(config: ServiceConfig, url: string): DynamicModule {
    return probeServiceModule(ProbeModule, 'identity', config, url, { controllers: [ProbeHandler], providers: [RegistrationProjector], eventRetentionIntervalMs: 200 });
  }
}

describe('a service built with createServiceApp and MessagingModule', () => {
  let scope: SuiteScope;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    scope = await suiteScope('wiring');
    await scope.database('identity');
    app = await createServiceApp(
      { service: 'identity', configClass: ServiceConfig, module: (config, database) => ProbeModule.register(config, database.url) },
      { DATABASE_URL: scope.databaseServerUrl, WEOP_DATABASE_PREFIX: scope.databasePrefix, NATS_URL: scope.natsUrl, WEOP_NATS_NAMESPACE: scope.namespace, LOG_LEVEL: 'silent' },
    );
  });
  afterAll(async () => {
    await app.close();
    await scope.cleanup();
  });

  it('relays an event from a request handler\'s transaction to an @OnEvent handler, once', async () => {
    const nc = await connect({ servers: scope.natsUrl });
    try {
      const calls = new ServiceClient(nc, new Naming(scope.namespace));
      const accountId = randomUUID();
      expect(await calls.request('identity.probe.announce', { accountId })).toEqual({ ok: true });
      const em = app.get(EntityManager).fork();
      const rows = await eventually(async () => {
        const found = await em.fork().find(AppliedStatus, { accountId });
        return found.length > 0 ? found : undefined;
      }, 5000);
      expect(rows[0].status).toBe('MN');
      await new Promise((r) => setTimeout(r, 300));
      expect(await em.fork().find(AppliedStatus, { accountId })).toHaveLength(1);
      // A payload that breaks its contract is answered as a validation error, nothing relayed.
      await expect(calls.request('identity.probe.announce', { accountId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await calls.request('identity.health.ping', {})).toEqual({ status: 'up', service: 'identity' });
    } finally {
      await nc.close();
    }
  });

  it('prunes its event history by itself: an inbox entry older than the retention goes, a recent one stays', async () => {
    const em = app.get(EntityManager).fork();
    const run = (sql: string, params: unknown[] = []): Promise<unknown> => em.getConnection().execute(sql, params, 'all');
    const [old, recent] = [randomUUID(), randomUUID()];
    await run(`insert into inbox_entry (consumer, event_id, subject, processed_at) values ('wiring', ?, 'identity.account.registered.v1', now() - interval '40 days'),
      ('wiring', ?, 'identity.account.registered.v1', now() - interval '1 day')`, [old, recent]);
    const left = async (): Promise<string[]> => ((await run(`select event_id from inbox_entry where consumer = 'wiring' order by processed_at`)) as { event_id: string }[]).map((r) => r.event_id);
    await eventually(async () => ((await left()).includes(old) ? undefined : true), 5000);
    expect(await left()).toEqual([recent]);
  });

  it('answers health on its own port', async () => {
    const { port } = app.getHttpServer().address() as { port: number };
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'up', database: 'up', nats: 'up' });
  });
});

/** Content consuming identity's registrations, and nothing else. */
@Module({})
class ConsumerModule {
  static register(config: ServiceConfig, url: string): DynamicModule {
    return probeServiceModule(ConsumerModule, 'content', config, url, { providers: [RegistrationProjector] });
  }
}

describe("a consumer that starts before its producer's stream exists", () => {
  let scope: SuiteScope;
  let app: NestFastifyApplication | undefined;
  /** How long closing the app takes when it waits for nothing (its relay, consumers and connection). */
  let plainCloseMs = 0;

  beforeAll(async () => {
    scope = await suiteScope('waiting');
    await scope.database('content');
  });
  afterAll(async () => {
    await app?.close();
    await scope.cleanup();
  });

  const start = (): Promise<NestFastifyApplication> =>
    createServiceApp(
      { service: 'content', configClass: ServiceConfig, module: (config, database) => ConsumerModule.register(config, database.url) },
      { DATABASE_URL: scope.databaseServerUrl, WEOP_DATABASE_PREFIX: scope.databasePrefix, NATS_URL: scope.natsUrl, WEOP_NATS_NAMESPACE: scope.namespace, LOG_LEVEL: 'silent' },
    );

  it("starts without creating the stream (only its producer may), and applies the producer's events once it is there", async () => {
    app = await start();
    const naming = new Naming(scope.namespace);
    const nc = await connect({ servers: scope.natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      await expect(jsm.streams.info(naming.stream('identity'))).rejects.toMatchObject({ code: '404' });
      // identity starts: its stream, then an event published before content's consumer exists.
      await ensureEventStream(jsm, naming, 'identity');
      const accountId = randomUUID();
      const envelope = { id: randomUUID(), subject: AccountRegisteredV1.subject, producer: 'identity', occurredAt: new Date().toISOString(), payload: { accountId, country: 'KZ', registeredAt: new Date().toISOString() } };
      await nc.jetstream().publish(naming.event(AccountRegisteredV1.subject), new TextEncoder().encode(JSON.stringify(envelope)));
      const em = app.get(EntityManager);
      const rows = await eventually(async () => {
        const found = await em.fork().find(AppliedStatus, { accountId });
        return found.length > 0 ? found : undefined;
      }, 8000);
      expect(rows[0].status).toBe('KZ');
      expect((await jsm.consumers.info(naming.stream('identity'), naming.durable('content', AccountRegisteredV1.subject))).num_pending).toBe(0);
    } finally {
      await nc.close();
    }
    const closing = Date.now();
    await app.close();
    plainCloseMs = Date.now() - closing;
    app = undefined;
  });

  it('stops at once while still waiting for a stream, even between two of its slower polls', async () => {
    await (await connect({ servers: scope.natsUrl }).then(async (nc) => {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(new Naming(scope.namespace).stream('identity'));
      return nc;
    })).close();
    app = await start();
    // Past the first ten one-second polls: now it waits 5 s between polls.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const started = Date.now();
    await app.close();
    app = undefined;
    expect(Date.now() - started).toBeLessThan(plainCloseMs + 1000);
  }, 30_000);
});
