/**
 * A small, isolated "world" for the event backbone integration spec: one producer database with the
 * outbox and a consumer effect table, one NATS namespace with its own streams, and helpers to start
 * and stop relays and consumers the way a service process would. Each test opens its own world so
 * that streams, durables, outbox and inbox never leak from one test into another.
 */
import { randomUUID } from 'node:crypto';
import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Entity, MikroORM, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { JSONCodec, connect } from 'nats';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { AccountStatusChangedV1 } from '@weop/contracts';
import type { AccountStatus, EventEnvelope } from '@weop/contracts';
import { EventConsumers, MessagingModule, Naming, Outbox, OutboxRelay, ensureDeadLetterStream, ensureEventStream } from '@weop/messaging';
import type { EventConsumerOptions, EventHandler, OnEventOptions, OutboxRelayOptions, ServiceConfig } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { serviceOrmConfig } from '@weop/persistence';
import type { SuiteScope } from '@weop/testing';

export const STATUS_CHANGED = AccountStatusChangedV1.subject;
export type StatusChanged = typeof STATUS_CHANGED;
export const PRODUCER = 'identity';
/** The consuming service: names the durable consumer and the inbox rows. */
export const CONSUMER = 'status-projector';

/**
 * The consumer's effect. Deliberately no unique key on the event: applying one event twice gives
 * two rows, which is exactly what the tests must be able to see.
 */
@Entity({ tableName: 'applied_status' })
export class AppliedStatus {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'uuid' })
  accountId!: string;

  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'integer' })
  version!: number;
}

export class AppliedStatusMigration extends Migration {
  override up(): void {
    this.addSql(`create table "applied_status" (
      "id" serial primary key,
      "event_id" uuid not null,
      "account_id" uuid not null,
      "status" text not null,
      "version" integer not null
    );`);
  }
}

/** The handler a status projector would have: one INSERT through the transaction it is given. */
export const applyStatus: EventHandler<StatusChanged> = async (payload, { em, envelope }) => {
  em.persist(
    em.create(AppliedStatus, {
      eventId: envelope.id,
      accountId: payload.accountId,
      status: payload.status,
      version: payload.version,
    }),
  );
};

export function statusChange(accountId: string, status: AccountStatus = 'suspended', version = 1): AccountStatusChangedV1 {
  return { accountId, status, until: null, version, reason: null, changedAt: new Date().toISOString() };
}

export interface EffectRow {
  event_id: string;
  account_id: string;
  status: string;
  version: number;
}

const codec = JSONCodec();

export class BackboneWorld {
  readonly relays: OutboxRelay[] = [];
  readonly consumers: EventConsumers[] = [];
  readonly logger: Logger = createLogger('test', 'silent');
  readonly outbox = new Outbox(PRODUCER);

  private constructor(
    readonly naming: Naming,
    readonly databaseUrl: string,
    readonly orm: MikroORM,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  /**
   * A world under the suite's scope: database `<suite prefix>_identity_<name>` and NATS namespace
   * `<suite namespace>-<name>`, whose streams start with the suite's prefix and so are removed by
   * `scope.cleanup()`.
   */
  static async open(scope: SuiteScope, name: string): Promise<BackboneWorld> {
    const databaseUrl = await scope.database(`${PRODUCER}_${name}`);
    const config = serviceOrmConfig({
      url: databaseUrl,
      entities: [AppliedStatus],
      migrations: [{ name: 'Migration20240101000000_applied_status', class: AppliedStatusMigration }],
      poolMax: 4,
    });
    const orm = await MikroORM.init({ ...config, migrations: { ...config.migrations, silent: true } });
    await orm.getMigrator().up();
    const naming = new Naming(`${scope.namespace}-${name}`);
    const nc = await connect({ servers: scope.natsUrl, name: `event-backbone-${name}` });
    const jsm = await nc.jetstreamManager();
    await ensureEventStream(jsm, naming, PRODUCER);
    await ensureDeadLetterStream(jsm, naming);
    return new BackboneWorld(naming, databaseUrl, orm, nc, nc.jetstream(), jsm);
  }

  /** What a producer does: its change (none needed here) and the event, in one transaction. */
  async commit(payload: AccountStatusChangedV1): Promise<EventEnvelope<AccountStatusChangedV1>> {
    return this.orm.em.fork().transactional((em: EntityManager) => this.outbox.add(em, STATUS_CHANGED, payload));
  }

  async startRelay(options: Partial<OutboxRelayOptions> = {}): Promise<OutboxRelay> {
    const relay = new OutboxRelay({
      orm: this.orm,
      databaseUrl: this.databaseUrl,
      js: this.js,
      naming: this.naming,
      logger: this.logger,
      pollIntervalMs: 100,
      ...options,
    });
    this.relays.push(relay);
    await relay.start();
    return relay;
  }

  async startConsumer(handler: EventHandler<StatusChanged> = applyStatus, options: Partial<EventConsumerOptions> = {}, onEvent: OnEventOptions = {}): Promise<EventConsumers> {
    const consumers = new EventConsumers({
      service: CONSUMER,
      orm: this.orm,
      js: this.js,
      jsm: this.jsm,
      naming: this.naming,
      logger: this.logger,
      maxDeliver: 3,
      retryDelaysMs: [50],
      ...options,
    });
    this.consumers.push(consumers);
    await consumers.subscribe(STATUS_CHANGED, handler, onEvent);
    return consumers;
  }

  /** Publishes straight to the event stream, as a second relay, a reconciliation pass or a stranger would. */
  async publishRaw(envelope: unknown, msgID?: string): Promise<void> {
    await this.js.publish(this.naming.event(STATUS_CHANGED), codec.encode(envelope), msgID ? { msgID } : undefined);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const rows: unknown = await this.orm.em.fork().getConnection().execute(sql, params, 'all');
    return rows as T[];
  }

  effects(accountId: string): Promise<EffectRow[]> {
    return this.query<EffectRow>('select event_id, account_id, status, version from applied_status where account_id = ? order by id', [accountId]);
  }

  inbox(eventId: string): Promise<{ consumer: string; event_id: string }[]> {
    return this.query('select consumer, event_id from inbox_entry where event_id = ?', [eventId]);
  }

  /** The outbox row's `sent_at` (as PostgreSQL prints it), or null while unsent. */
  async sentAt(eventId: string): Promise<string | null> {
    const [row] = await this.query<{ sent_at: string | null }>('select sent_at from outbox_message where id = ?', [eventId]);
    if (!row) throw new Error(`No outbox row ${eventId}`);
    return row.sent_at;
  }

  get stream(): string {
    return this.naming.stream(PRODUCER);
  }

  get durable(): string {
    return this.naming.durable(CONSUMER, STATUS_CHANGED);
  }

  async streamMessages(): Promise<number> {
    return (await this.jsm.streams.info(this.stream)).state.messages;
  }

  /** True once the durable consumer has settled (acked or terminated) at least `count` stream messages. */
  async consumerSettled(count: number): Promise<boolean> {
    const info = await this.jsm.consumers.info(this.stream, this.durable);
    return info.ack_floor.stream_seq >= count && info.num_ack_pending === 0 && info.num_pending === 0;
  }

  async close(): Promise<void> {
    for (const c of this.consumers) await c.stop();
    for (const r of this.relays) await r.stop();
    await this.nc.drain().catch(() => undefined);
    await this.orm.close(true);
  }
}

export const newAccountId = (): string => randomUUID();

/**
 * The module of a probe service started with `createServiceApp`, as a real one is wired: silent logs, its
 * database (with the AppliedStatus table) and MessagingModule; the test gives the handlers.
 */
export function probeServiceModule(
  module: Type,
  service: string,
  config: ServiceConfig,
  url: string,
  parts: { controllers?: Type[]; providers?: Provider[]; eventRetentionIntervalMs?: number },
): DynamicModule {
  return {
    module,
    imports: [
      ObservabilityModule.forService({ service, logger: createLogger('probe', 'silent') }),
      MikroOrmModule.forRoot(serviceOrmConfig({ url, entities: [AppliedStatus], migrations: [{ name: 'Migration20240101000000_applied_status', class: AppliedStatusMigration }] })),
      MessagingModule.forService({ service, natsUrl: config.NATS_URL, namespace: config.WEOP_NATS_NAMESPACE, database: { url, listen: true }, eventRetentionIntervalMs: parts.eventRetentionIntervalMs }),
    ],
    controllers: parts.controllers ?? [],
    providers: parts.providers ?? [],
  };
}
