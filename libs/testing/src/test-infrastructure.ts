/**
 * Real PostgreSQL and NATS for tests: from testcontainers where a Docker engine answers, otherwise
 * the servers this machine runs (TEST_DATABASE_URL / DATABASE_URL, TEST_NATS_URL / NATS_URL, or the
 * local defaults). Every suite gets databases and a NATS namespace of its own, so suites run in parallel.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '@weop/persistence';

export interface TestInfrastructure {
  databaseServerUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

let shared: Promise<TestInfrastructure> | undefined;

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function fromContainers(): Promise<TestInfrastructure> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { NatsContainer } = await import('@testcontainers/nats');
  const pg = await new PostgreSqlContainer('postgres:15-alpine').withDatabase('test').start();
  const nats = await new NatsContainer('nats:2.10-alpine').withJetStream().start();
  return {
    databaseServerUrl: pg.getConnectionUri(),
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    stop: async () => {
      await nats.stop();
      await pg.stop();
    },
  };
}

/** The servers for this test process (started once, reused by every suite in it). */
export function testInfrastructure(): Promise<TestInfrastructure> {
  shared ??= (async () => {
    const env = process.env;
    const explicit = env.TEST_DATABASE_URL ?? env.DATABASE_URL;
    if (!explicit && env.WEOP_TEST_CONTAINERS !== 'false' && (await dockerAnswers())) return fromContainers();
    const infra: TestInfrastructure = {
      databaseServerUrl: explicit ?? 'postgresql://postgres@127.0.0.1:5432/test',
      natsUrl: env.TEST_NATS_URL ?? env.NATS_URL ?? 'nats://127.0.0.1:4222',
      stop: async () => undefined,
    };
    const client = new Client({ connectionString: infra.databaseServerUrl });
    await client.connect().catch((error: Error) => {
      throw new Error(`Tests need PostgreSQL at ${infra.databaseServerUrl} (${error.message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
    });
    await client.end();
    const nc = await connect({ servers: infra.natsUrl, timeout: 2000 }).catch((error: Error) => {
      throw new Error(`Tests need NATS with JetStream at ${infra.natsUrl} (${error.message}). Start it: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log`);
    });
    await nc.close();
    return infra;
  })();
  return shared;
}

/** A suite's own names: a database prefix containing `test` and a NATS namespace. */
export interface SuiteScope {
  id: string;
  databasePrefix: string;
  namespace: string;
  databaseServerUrl: string;
  natsUrl: string;
  /** Creates `<prefix>_<service>` and returns its URL. */
  database(service: string): Promise<string>;
  /** Drops the suite's databases and its streams. */
  cleanup(): Promise<void>;
}

export async function suiteScope(name: string): Promise<SuiteScope> {
  const infra = await testInfrastructure();
  const id = `${name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 16)}${randomBytes(3).toString('hex')}`;
  const databasePrefix = `weop_test_${id}`;
  const namespace = `t${id}`;
  const created: string[] = [];
  return {
    id,
    databasePrefix,
    namespace,
    databaseServerUrl: infra.databaseServerUrl,
    natsUrl: infra.natsUrl,
    async database(service: string) {
      const dbName = `${databasePrefix}_${service}`.replace(/-/g, '_');
      if (!dbName.includes('test')) throw new Error(`Refusing to use "${dbName}" for tests`);
      await ensureDatabase(infra.databaseServerUrl, dbName);
      created.push(dbName);
      const url = new URL(infra.databaseServerUrl);
      url.pathname = `/${dbName}`;
      return url.toString();
    },
    async cleanup() {
      for (const db of created) await dropDatabase(infra.databaseServerUrl, db).catch(() => undefined);
      const nc = await connect({ servers: infra.natsUrl });
      try {
        const jsm = await nc.jetstreamManager();
        const prefix = `${namespace.replace(/-/g, '_')}_`;
        for await (const stream of jsm.streams.list()) {
          // Object stores (file transfers) live in streams named OBJ_<bucket>.
          const name = stream.config.name.replace(/^OBJ_/, '');
          if (name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
        }
      } finally {
        await nc.close();
      }
    },
  };
}

/** Polls until `check` returns a truthy value or the time is up; for effects that arrive through events. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 5000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
