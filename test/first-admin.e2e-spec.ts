/** The first admin from WEOP_ADMIN_EMAIL / WEOP_ADMIN_PASSWORD, on a fresh identity database. */
import { connect } from 'nats';
import { Client } from 'pg';
import type { NatsConnection } from 'nats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TokenPairResponse } from '@weop/contracts';
import { Naming, ServiceClient, createServiceApp } from '@weop/messaging';
import { suiteScope } from '@weop/testing';
import type { SuiteScope } from '@weop/testing';
import { identityService } from '../apps/identity/src/identity.app';

describe('the first admin', () => {
  let scope: SuiteScope;
  let nc: NatsConnection;
  let identity: ServiceClient;
  let env: Record<string, string>;
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    scope = await suiteScope('firstadmin');
    await scope.database('identity');
    nc = await connect({ servers: scope.natsUrl });
    identity = new ServiceClient(nc, new Naming(scope.namespace));
    env = { DATABASE_URL: scope.databaseServerUrl, WEOP_DATABASE_PREFIX: scope.databasePrefix, NATS_URL: scope.natsUrl, WEOP_NATS_NAMESPACE: scope.namespace, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await app?.close();
    await nc.close();
    await scope.cleanup();
  });

  it('refuses to start with a weak admin password, saying which setting and why', async () => {
    await expect(createServiceApp(identityService, { ...env, WEOP_ADMIN_EMAIL: 'chief@weop.test', WEOP_ADMIN_PASSWORD: 'password1234' })).rejects.toThrow(
      /WEOP_ADMIN_PASSWORD are refused: password .*common/,
    );
  });

  it('makes an existing member with that email the admin instead of failing', async () => {
    app = await createServiceApp(identityService, env);
    await identity.request('identity.auth.register', { email: 'Leila.Aliyeva@example.org', password: 'Caspian-shore-2024-blue', fullName: 'Leila Aliyeva', country: 'AZ' });
    await app.close();
    app = await createServiceApp(identityService, { ...env, WEOP_ADMIN_EMAIL: 'leila.aliyeva@EXAMPLE.org', WEOP_ADMIN_PASSWORD: 'Unused-because-she-exists-1' });
    const login = await identity.request<TokenPairResponse>('identity.auth.login', { email: 'leila.aliyeva@example.org', password: 'Caspian-shore-2024-blue' });
    expect(login.account.roles).toEqual(['member', 'admin']);
  });
});

describe('replicas starting together on a fresh database', () => {
  it('all start, share one signing key and one first admin', async () => {
    const scope = await suiteScope('replicas');
    await scope.database('identity');
    const env = {
      DATABASE_URL: scope.databaseServerUrl, WEOP_DATABASE_PREFIX: scope.databasePrefix, NATS_URL: scope.natsUrl,
      WEOP_NATS_NAMESPACE: scope.namespace, LOG_LEVEL: 'silent', WEOP_ADMIN_EMAIL: 'chief@weop.test', WEOP_ADMIN_PASSWORD: 'Bukhara-minaret-1127',
    };
    const started = await Promise.allSettled([1, 2, 3].map(() => createServiceApp(identityService, env)));
    try {
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const db = new Client({ connectionString: await scope.database('identity') });
      await db.connect();
      try {
        const keys = await db.query<{ n: number }>("select count(*)::int as n from signing_key where retired_at is null");
        const admins = await db.query<{ n: number }>("select count(*)::int as n from account where 'admin' = any(roles)");
        expect({ keys: keys.rows[0].n, admins: admins.rows[0].n }).toEqual({ keys: 1, admins: 1 });
      } finally {
        await db.end();
      }
    } finally {
      for (const s of started) if (s.status === 'fulfilled') await s.value.close();
      await scope.cleanup();
    }
  });
});
