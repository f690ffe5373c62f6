/**
 * The whole platform for end-to-end tests, started in this process with the same wiring as
 * production (`createServiceApp`, `createGatewayApp`) against the real PostgreSQL and NATS, under
 * a database prefix and NATS namespace of this suite's own.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createServiceApp } from '@weop/messaging';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { awardsService } from '../../apps/awards/src/awards.app';
import { contentService } from '../../apps/content/src/content.app';
import { identityService } from '../../apps/identity/src/identity.app';
import { trustSafetyService } from '../../apps/trust-safety/src/trust-safety.app';
import { mentorshipService } from '../../apps/mentorship/src/mentorship.app';
import { communityService } from '../../apps/community/src/community.app';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';

export const ADMIN = { email: 'admin@weop.test', password: 'Carec-Tbilisi-2023-steppe' };

export interface Platform {
  scope: SuiteScope;
  /** A connection to one service's database, for what a test reads there directly; closed with the platform. */
  db(service: string): Promise<Client>;
  /** Where identity keeps files (content's are under `content/`). */
  storageDir: string;
  baseUrl: string;
  identity?: NestFastifyApplication;
  content?: NestFastifyApplication;
  trustSafety?: NestFastifyApplication;
  awards?: NestFastifyApplication;
  mentorship?: NestFastifyApplication;
  community?: NestFastifyApplication;
  gateway: NestFastifyApplication;
  startIdentity(env?: Record<string, string>): Promise<void>;
  stopIdentity(): Promise<void>;
  startContent(env?: Record<string, string>): Promise<void>;
  stopContent(): Promise<void>;
  startTrustSafety(env?: Record<string, string>): Promise<void>;
  stopTrustSafety(): Promise<void>;
  startAwards(env?: Record<string, string>): Promise<void>;
  stopAwards(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  contentEnv?: Record<string, string>;
  /** Start the content service too (suites about identity alone leave it out and start faster). */
  content?: boolean;
  /** Start trust-safety too. */
  trustSafety?: boolean;
  trustSafetyEnv?: Record<string, string>;
  /** Start awards too. */
  awards?: boolean;
  awardsEnv?: Record<string, string>;
  /** Start mentorship too. */
  mentorship?: boolean;
  mentorshipEnv?: Record<string, string>;
  /** Start community too. */
  community?: boolean;
  communityEnv?: Record<string, string>;
}

export async function startPlatform(name: string, gatewayEnv: Record<string, string> = {}, identityEnv: Record<string, string> = {}, options: PlatformOptions = {}): Promise<Platform> {
  const scope = await suiteScope(name);
  const storageDir = join(tmpdir(), `weop-test-blobs-${scope.id}`);
  // Created here so that the suite's cleanup drops them (each service would create its own otherwise).
  await scope.database('identity');
  if (options.content) await scope.database('content');
  if (options.trustSafety) await scope.database('trust-safety');
  if (options.awards) await scope.database('awards');
  if (options.mentorship) await scope.database('mentorship');
  if (options.community) await scope.database('community');
  const common = {
    DATABASE_URL: scope.databaseServerUrl,
    WEOP_DATABASE_PREFIX: scope.databasePrefix,
    NATS_URL: scope.natsUrl,
    WEOP_NATS_NAMESPACE: scope.namespace,
    LOG_LEVEL: 'silent',
  };
  const clients: Client[] = [];
  const platform: Platform = {
    scope,
    async db(service: string) {
      const c = new Client({ connectionString: await scope.database(service) });
      await c.connect();
      clients.push(c);
      return c;
    },
    storageDir,
    baseUrl: '',
    gateway: undefined as unknown as NestFastifyApplication,
    async startIdentity(env: Record<string, string> = {}) {
      platform.identity = await createServiceApp(identityService, {
        ...common,
        HEALTH_PORT: '0',
        WEOP_ADMIN_EMAIL: ADMIN.email,
        WEOP_ADMIN_PASSWORD: ADMIN.password,
        STATUS_EXPIRY_INTERVAL_MS: '200',
        WEOP_STORAGE_DIR: storageDir,
        ...identityEnv,
        ...env,
      });
    },
    async stopIdentity() {
      await platform.identity?.close();
      platform.identity = undefined;
    },
    async startContent(env: Record<string, string> = {}) {
      platform.content = await createServiceApp(contentService, {
        ...common,
        HEALTH_PORT: '0',
        WEOP_STORAGE_DIR: join(storageDir, 'content'),
        ...options.contentEnv,
        ...env,
      });
    },
    async stopContent() {
      await platform.content?.close();
      platform.content = undefined;
    },
    async startTrustSafety(env: Record<string, string> = {}) {
      platform.trustSafety = await createServiceApp(trustSafetyService, { ...common, HEALTH_PORT: '0', ...options.trustSafetyEnv, ...env });
    },
    async stopTrustSafety() {
      await platform.trustSafety?.close();
      platform.trustSafety = undefined;
    },
    async startAwards(env: Record<string, string> = {}) {
      platform.awards = await createServiceApp(awardsService, { ...common, HEALTH_PORT: '0', WEOP_STORAGE_DIR: join(storageDir, 'awards'), ...options.awardsEnv, ...env });
    },
    async stopAwards() {
      await platform.awards?.close();
      platform.awards = undefined;
    },
    async close() {
      await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
      await platform.gateway?.close();
      // Side by side: each service's RPC server waits out its grace period (2 s) on the way down, and one
      // after another that made a five-service platform take 12 s to stop, over a hook's 30 s on a busy machine.
      await Promise.all([platform.community?.close(), platform.stopAwards(), platform.mentorship?.close(), platform.stopTrustSafety(), platform.stopContent()]);
      await platform.stopIdentity();
      await scope.cleanup();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
  await platform.startIdentity();
  if (options.content) await platform.startContent();
  if (options.trustSafety) await platform.startTrustSafety();
  if (options.awards) await platform.startAwards();
  if (options.mentorship) platform.mentorship = await createServiceApp(mentorshipService, { ...common, HEALTH_PORT: '0', ...options.mentorshipEnv });
  if (options.community) platform.community = await createServiceApp(communityService, { ...common, HEALTH_PORT: '0', WEOP_STORAGE_DIR: join(storageDir, 'community'), ...options.communityEnv });
  const { app } = await createGatewayApp({
    ...common,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    WEOP_TRUST_PROXY: 'true',
    WEOP_SERVICES: ['identity', ...(options.content ? ['content'] : []), ...(options.trustSafety ? ['trust-safety'] : []), ...(options.awards ? ['awards'] : []), ...(options.mentorship ? ['mentorship'] : []), ...(options.community ? ['community'] : [])].join(','),
    ...gatewayEnv,
  });
  await app.listen(0, '127.0.0.1');
  platform.gateway = app;
  const address = app.getHttpServer().address() as { port: number };
  platform.baseUrl = `http://127.0.0.1:${address.port}`;
  return platform;
}
