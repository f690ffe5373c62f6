// WEOP_MIGRATE_ONLY (a deployment's migration job, deploy/k8s): a service migrates its database and
// stops, serving nothing — against the real PostgreSQL and NATS, in a database made for this suite.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';
import { Naming, migrateServiceDatabase } from '@weop/messaging';
import { dropDatabase } from '@weop/persistence';
import { testInfrastructure } from '@weop/testing';
import { trustSafetyService } from '../apps/trust-safety/src/trust-safety.app';

const suffix = randomBytes(4).toString('hex');
const prefix = `weop_test_migrate_only_${suffix}`;
const database = `${prefix}_trust_safety`;
const namespace = `migrate${suffix}`;

async function query<T>(serverUrl: string, sql: string): Promise<T[]> {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('WEOP_MIGRATE_ONLY: a migration job', () => {
  let serverUrl: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    serverUrl = infra.databaseServerUrl;
    env = {
      DATABASE_URL: serverUrl,
      WEOP_DATABASE_PREFIX: prefix,
      NATS_URL: infra.natsUrl,
      WEOP_NATS_NAMESPACE: namespace,
      WEOP_MIGRATE_ONLY: 'true',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'silent',
    };
  });

  afterAll(async () => {
    if (serverUrl) await dropDatabase(serverUrl, database);
  });

  it('creates the database, applies every migration and stops without creating streams', async () => {
    const applied = await migrateServiceDatabase(trustSafetyService, env);

    expect(applied.length).toBeGreaterThan(0);
    const recorded = await query<{ name: string }>(serverUrl, 'select name from mikro_orm_migrations order by id');
    expect(recorded.map((row) => row.name)).toEqual(applied);
    // The service's own tables and the outbox are there…
    const tables = await query<{ table_name: string }>(serverUrl, "select table_name from information_schema.tables where table_schema = 'public'");
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['outbox_message', 'inbox_entry', 'moderation_case']));

    // …but nothing of a running service: no event stream was created on NATS.
    const nc = await connect({ servers: env.NATS_URL });
    try {
      const jsm = await nc.jetstreamManager();
      await expect(jsm.streams.info(new Naming(namespace).stream('trust-safety'))).rejects.toMatchObject({ code: '404' });
    } finally {
      await nc.close();
    }
  });

  it('applies nothing the second time, so the job can run before every rollout', async () => {
    await expect(migrateServiceDatabase(trustSafetyService, env)).resolves.toEqual([]);
  });

  it('is what the built entry point does with WEOP_MIGRATE_ONLY=true: it migrates and exits 0 (npm test builds first)', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'apps', 'trust-safety', 'src', 'main.js')], {
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/"applied":\[\].*trust-safety: 0 migration\(s\) applied/);
  }, 60_000);
});
