/**
 * The gateway's live replica of account status and roles. It starts from identity's snapshot of
 * every account that is restricted or holds more than the member role, then follows identity's
 * events, keeping per account the highest version seen, so a late event never undoes a newer one.
 * A refusal needs no database round trip. Until the first snapshot has loaded the gateway fails
 * closed: signed-in calls answer 503 rather than let a suspended member through.
 *
 * The operators' `npm run weop -- replica rebuild` reaches every gateway (`OpsRequests.rebuildStatusReplica`,
 * no queue group): each one loads the snapshot into a fresh map and swaps it in, dropping the versions it
 * had. That is what realigns a gateway after identity's database was restored from a backup, when the
 * restored versions are lower than the ones the replica holds and so would otherwise never be believed.
 */
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JSONCodec } from 'nats';
import type { JetStreamClient, Msg, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { AccountDeletedV1, AccountRolesChangedV1, AccountStatusChangedV1, IdentityRequests, OpsRequests, SessionsEndedV1 } from '@weop/contracts';
import type { AccountStatus, AccountStatusEntry, ReplicaRebuilt, Role, StatusSnapshot } from '@weop/contracts';
import { JETSTREAM, NATS_CONNECTION, Naming, ServiceClient, carriesMember, subscribeLive } from '@weop/messaging';
import { PINO_LOGGER, safeError } from '@weop/observability';
import { GatewayConfig } from '../gateway.config';

export interface ReplicaEntry {
  status: AccountStatus;
  until: string | null;
  reason: AccountStatusEntry['reason'];
  statusVersion: number;
  roles?: Role[];
  rolesVersion: number;
  deleted?: boolean;
}

@Injectable()
export class StatusReplica implements OnApplicationBootstrap, OnApplicationShutdown {
  private entries = new Map<string, ReplicaEntry>();
  /** While a rebuild loads, the map it fills: live events go to both, so none is lost at the swap. */
  private rebuilding?: Map<string, ReplicaEntry>;
  /** Ended sessions, until every access token they could have issued has expired (ms since epoch). */
  private readonly endedSessions = new Map<string, number>();
  private loaded = false;
  private subscriptions: { stop(): void }[] = [];
  private resync?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly client: ServiceClient,
    private readonly naming: Naming,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  get ready(): boolean {
    return this.loaded;
  }

  get size(): number {
    return this.entries.size;
  }

  get(accountId: string): ReplicaEntry | undefined {
    return this.entries.get(accountId);
  }

  isSessionEnded(sessionId: string): boolean {
    const until = this.endedSessions.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.endedSessions.delete(sessionId);
    return false;
  }

  applySessionsEnded(sessionIds: string[], endedAt: string): void {
    // Access tokens live at most 15 minutes; a minute more covers clock differences.
    const until = Date.parse(endedAt) + 16 * 60_000;
    for (const id of sessionIds) this.endedSessions.set(id, until);
  }

  private pruneEndedSessions(): void {
    const now = Date.now();
    for (const [id, until] of this.endedSessions) if (until <= now) this.endedSessions.delete(id);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Subscribe first, then read the snapshot: nothing that happens in between is missed.
    await this.subscribe();
    const rebuilds = this.nc.subscribe(this.naming.rpc(OpsRequests.rebuildStatusReplica), { callback: (_error, msg) => void this.answerRebuild(msg) });
    this.subscriptions.push({ stop: () => rebuilds.unsubscribe() });
    void this.loadUntilDone();
    this.resync = setInterval(() => void this.loadSnapshot().catch(() => undefined), this.config.STATUS_RESYNC_SECONDS * 1000);
    this.resync.unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.resync);
    for (const s of this.subscriptions) s.stop();
  }

  /** Drops what the replica holds and loads identity's snapshot again; returns how many accounts it holds. */
  async rebuild(): Promise<number> {
    if (this.rebuilding) throw new Error('a rebuild is already running');
    const fresh = new Map<string, ReplicaEntry>();
    this.rebuilding = fresh;
    try {
      await this.loadSnapshot(fresh);
      this.entries = fresh;
      this.loaded = true;
    } finally {
      this.rebuilding = undefined;
    }
    this.logger.info({ accounts: this.entries.size }, 'account status replica rebuilt');
    return this.entries.size;
  }

  private async answerRebuild(msg: Msg): Promise<void> {
    const codec = JSONCodec<ReplicaRebuilt | { gateway: string; error: string }>();
    const gateway = `${hostname()}:${process.pid}`;
    if (carriesMember(msg.headers)) {
      msg.respond(codec.encode({ gateway, error: 'This request is for the platform\'s operators only.' }));
      return;
    }
    try {
      const accounts = await this.rebuild();
      msg.respond(codec.encode({ gateway, accounts }));
    } catch (error) {
      this.logger.error({ error: safeError(error) }, 'account status replica could not be rebuilt; the one it had is kept');
      msg.respond(codec.encode({ gateway, error: (error as Error).message }));
    }
  }

  applyStatus(e: { accountId: string; status: AccountStatus; until: string | null; version: number; reason: ReplicaEntry['reason'] }): void {
    for (const map of this.targets()) applyStatusTo(map, e);
  }

  markDeleted(accountId: string): void {
    for (const map of this.targets()) markDeletedIn(map, accountId);
  }

  applyRoles(e: { accountId: string; roles: Role[]; version: number }): void {
    for (const map of this.targets()) applyRolesTo(map, e);
  }

  private targets(): Map<string, ReplicaEntry>[] {
    return this.rebuilding ? [this.entries, this.rebuilding] : [this.entries];
  }

  private async subscribe(): Promise<void> {
    for (;;) {
      try {
        this.subscriptions.push(
          await subscribeLive(this.js, this.naming, AccountStatusChangedV1.subject, (p) => this.applyStatus(p), this.logger),
          await subscribeLive(this.js, this.naming, AccountRolesChangedV1.subject, (p) => this.applyRoles(p), this.logger),
          await subscribeLive(this.js, this.naming, SessionsEndedV1.subject, (p) => this.applySessionsEnded(p.sessionIds, p.endedAt), this.logger),
          await subscribeLive(
            this.js,
            this.naming,
            AccountDeletedV1.subject,
            (p) => this.markDeleted(p.accountId),
            this.logger,
          ),
        );
        return;
      } catch (error) {
        // identity's stream does not exist until identity has started once.
        for (const s of this.subscriptions) s.stop();
        this.subscriptions = [];
        if (this.stopped) return;
        this.logger.warn({ error: safeError(error) }, 'waiting for identity\'s event stream');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async loadUntilDone(): Promise<void> {
    for (let attempt = 0; !this.loaded && !this.stopped; attempt++) {
      try {
        await this.loadSnapshot();
      } catch (error) {
        // Once at first, then every half minute: identity may simply be starting.
        if (attempt % 30 === 0) this.logger.warn({ error: safeError(error) }, 'account status snapshot not available yet; signed-in calls wait for it');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Into the live map (start, periodic resync), or into a rebuild's fresh one. */
  private async loadSnapshot(into?: Map<string, ReplicaEntry>): Promise<void> {
    let after: string | undefined;
    do {
      const page = await this.client.request<StatusSnapshot>(IdentityRequests.statusSnapshot, after ? { after } : {}, { timeoutMs: 5000 });
      for (const ended of page.endedSessions ?? []) this.applySessionsEnded([ended.sessionId], ended.endedAt);
      const maps = into ? [into] : this.targets();
      for (const item of page.items) {
        for (const map of maps) {
          if (item.deleted) markDeletedIn(map, item.accountId);
          applyStatusTo(map, { ...item, version: item.version });
          applyRolesTo(map, { accountId: item.accountId, roles: item.roles, version: item.version });
        }
      }
      after = page.next ?? undefined;
    } while (after);
    this.pruneEndedSessions();
    if (into) return;
    if (!this.loaded) this.logger.info({ accounts: this.entries.size }, 'account status replica loaded');
    this.loaded = true;
  }
}

const blank = (): ReplicaEntry => ({ status: 'active', until: null, reason: null, statusVersion: 0, rolesVersion: 0 });

function applyStatusTo(map: Map<string, ReplicaEntry>, e: { accountId: string; status: AccountStatus; until: string | null; version: number; reason: ReplicaEntry['reason'] }): void {
  const entry = map.get(e.accountId) ?? blank();
  if (e.version <= entry.statusVersion) return;
  map.set(e.accountId, { ...entry, status: e.status, until: e.until, reason: e.reason, statusVersion: e.version });
}

function markDeletedIn(map: Map<string, ReplicaEntry>, accountId: string): void {
  map.set(accountId, { ...(map.get(accountId) ?? blank()), deleted: true });
}

function applyRolesTo(map: Map<string, ReplicaEntry>, e: { accountId: string; roles: Role[]; version: number }): void {
  const entry = map.get(e.accountId) ?? blank();
  if (e.version <= entry.rolesVersion) return;
  map.set(e.accountId, { ...entry, roles: e.roles, rolesVersion: e.version });
}
