/*
 * bench/baseline-server.js — the raw baselines bench/run.js measures the platform against. Started by
 * run.js as a child process (never in the load generator's process, which would steal its CPU):
 *
 *   node bench/baseline-server.js hello      raw Fastify, GET /hello → {status:'up'}
 *   node bench/baseline-server.js nest-hello a bare NestJS application on Fastify (the gateway's adapter setting
 *                                            skipMiddie, nothing else): one controller, GET /hello → {status:'up'};
 *                                            what Nest itself costs, as a reference beside pair (1)
 *   node bench/baseline-server.js profiles   raw Fastify + pg (Pool, max 10), GET /profiles/:id: one
 *                                            query on identity's tables, prepared once per connection
 *                                            as identity's is, the same JSON as identity's public
 *                                            profile; reads BENCH_BASELINE_DATABASE_URL
 *
 * Listens on 127.0.0.1 on a free port and tells its parent the port over IPC ({port}). Stops on
 * SIGTERM/SIGINT or when the parent goes away.
 */
'use strict';

const fastify = require('fastify');
const { Pool } = require('pg');

// The same columns identity reads for a public profile (its ORM does it in two queries, account
// then profile); `a.roles` is added because the answer's `badges` come from the roles.
const PROFILE_SQL = `select a.id, a.status, a.roles, p.display_name, p.full_name, p.show_legal_name, p.country, p.city, p.show_city,
       p.bio, p.organization, p.languages, p.expertise, p.photo_key
  from account a join profile p on p.account_id = a.id
 where a.id = $1 and a.deleted_at is null`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = { error: { code: 'NOT_FOUND', message: 'The profile was not found.' } };

/** What identity answers for GET /profiles/{id} (apps/identity/src/profiles/profiles.service.ts). */
function publicProfile(row) {
  return {
    id: row.id,
    displayName: row.display_name,
    ...(row.show_legal_name ? { fullName: row.full_name } : {}),
    country: row.country,
    city: row.show_city ? row.city : null,
    bio: row.bio,
    organization: row.organization,
    languages: row.languages,
    expertise: row.expertise,
    badges: row.roles.includes('mentor') ? ['mentor'] : [],
    photoUrl: row.photo_key ? `/api/v1/profiles/${row.id}/photo` : null,
  };
}

/** A bare Nest-on-Fastify application with one route, started and listening; returns its close(). */
async function startBareNest() {
  require('reflect-metadata');
  const { Controller, Get, Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { FastifyAdapter } = require('@nestjs/platform-fastify');
  // Decorators applied by hand: this file is plain JavaScript.
  class HelloController {
    hello() {
      return { status: 'up' };
    }
  }
  Controller()(HelloController);
  Get('hello')(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));
  class HelloModule {}
  Module({ controllers: [HelloController] })(HelloModule);
  const app = await NestFactory.create(HelloModule, new FastifyAdapter({ skipMiddie: true }), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { port: app.getHttpServer().address().port, close: () => app.close() };
}

async function main() {
  const mode = process.argv[2];
  if (mode === 'nest-hello') {
    const nest = await startBareNest();
    const stop = () => nest.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.once('disconnect', stop);
    process.send({ port: nest.port });
    return;
  }
  const app = fastify({ logger: false });
  let pool;

  if (mode === 'hello') {
    app.get('/hello', async () => ({ status: 'up' }));
  } else if (mode === 'profiles') {
    const connectionString = process.env.BENCH_BASELINE_DATABASE_URL;
    if (!connectionString) throw new Error('BENCH_BASELINE_DATABASE_URL is not set');
    pool = new Pool({ connectionString, max: 10 });
    app.get('/profiles/:id', async (request, reply) => {
      const { id } = request.params;
      if (!UUID.test(id)) return reply.code(404).send(NOT_FOUND);
      // A named statement: each connection parses and plans it once, as identity's prepared statement is.
      const { rows } = await pool.query({ name: 'public-profile', text: PROFILE_SQL, values: [id] });
      if (rows.length === 0 || rows[0].status === 'expelled') return reply.code(404).send(NOT_FOUND);
      return publicProfile(rows[0]);
    });
  } else {
    throw new Error(`usage: node bench/baseline-server.js hello|nest-hello|profiles (got "${mode}")`);
  }

  await app.listen({ port: 0, host: '127.0.0.1' });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.allSettled([app.close(), pool?.end()]).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);

  process.send({ port: app.server.address().port });
}

main().catch((error) => {
  console.error(`baseline ${process.argv[2]} could not start:`, error);
  process.exit(1);
});
