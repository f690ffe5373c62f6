// `npm start` without a PostgreSQL server runs each service on embedded PGlite, which serves one connection
// (WEOP_DB_POOL_MAX=1, scripts/start.js). A service must migrate over that one connection: here against a
// real PGlite socket server, as start.js runs it, in a process of its own.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { MikroORM } from '@mikro-orm/core';
import { Client } from 'pg';
import { migrateServiceDatabase } from '@weop/messaging';
import { SqlTransaction, serviceOrmConfig, sql } from '@weop/persistence';
import { testInfrastructure } from '@weop/testing';
import { trustSafetyService } from '../apps/trust-safety/src/trust-safety.app';

const SERVER = `
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
(async () => {
  const db = await PGlite.create();
  for (let port = 56000 + Math.floor(Math.random() * 2000); ; port += 1) {
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 1 });
    try { await server.start(); console.log(port); return; } catch (error) { if (error.code !== 'EADDRINUSE') throw error; }
  }
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe('the single connection of embedded PGlite', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    server = spawn(process.execPath, ['-e', SERVER], { cwd: `${__dirname}/..`, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`PGlite server exited with ${code}`)));
    });
    url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  }, 60_000);

  afterAll(() => {
    server?.kill();
  });

  it('applies every migration with one pooled connection, and nothing the second time', async () => {
    const infra = await testInfrastructure();
    const env = {
      SERVICE_DATABASE_URL: url,
      WEOP_DB_POOL_MAX: '1',
      WEOP_DB_LISTEN: 'false',
      NATS_URL: infra.natsUrl,
      WEOP_NATS_NAMESPACE: `pglite${randomBytes(4).toString('hex')}`,
      WEOP_MIGRATE_ONLY: 'true',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'silent',
    };
    const applied = await migrateServiceDatabase(trustSafetyService, env);
    expect(applied.length).toBeGreaterThan(0);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('select name from mikro_orm_migrations order by id');
      expect(rows.map((r) => r.name)).toEqual(applied);
    } finally {
      await client.end();
    }
    await expect(migrateServiceDatabase(trustSafetyService, env)).resolves.toEqual([]);
  }, 120_000);

  it('runs the prepared hot statements again for a client that finds them in the session another client left', async () => {
    // PGlite keeps one session for every client in turn: what the pool's last connection prepared is still there
    // when the pool (after an idle spell, or a restarted service) connects again.
    const setup = new Client({ connectionString: url });
    await setup.connect();
    await setup.query('create table if not exists hot_note (id int primary key, body text)');
    await setup.end();
    const insert = { text: 'insert into hot_note (id, body) values ($1, $2)', values: [] as unknown[] };
    for (const round of [1, 2, 3]) {
      const orm = await MikroORM.init(serviceOrmConfig({ url, entities: [], migrations: [], poolMax: 1 }));
      try {
        const seen = await sql<{ n: number }>(orm.em.fork(), 'select count(*)::int as n from hot_note where id < $1', [1000]);
        expect(seen).toEqual([{ n: (round - 1) * 2 }]);
        await SqlTransaction.run(orm.em.fork(), [{ ...insert, values: [round * 10, 'first'] }], async (tx) => {
          tx.later(insert.text, [round * 10 + 1, 'queued']);
        });
      } finally {
        await orm.close(true);
      }
    }
    const check = new Client({ connectionString: url });
    await check.connect();
    try {
      expect((await check.query('select id, body from hot_note order by id')).rows).toEqual([
        { id: 10, body: 'first' }, { id: 11, body: 'queued' }, { id: 20, body: 'first' }, { id: 21, body: 'queued' }, { id: 30, body: 'first' }, { id: 31, body: 'queued' },
      ]);
    } finally {
      await check.end();
    }
  }, 60_000);
});
