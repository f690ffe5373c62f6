/*
 * bench/sanctions-baseline.js — the hand-written baseline bench/sanctions.js measures the platform against:
 * the same two hops a sanction takes, with the `nats` and `pg` packages and nothing else (no Nest, no ORM,
 * no outbox relay, no contract validation). Started by sanctions.js as child processes, one per role:
 *
 *   node bench/sanctions-baseline.js consumer   "identity": a durable JetStream pull consumer (explicit ack) on
 *                                               <ns>.baseline.sanction; for each message one autocommit INSERT
 *                                               (the event id is the primary key: a duplicate changes nothing),
 *                                               ack after the commit, then publishes <ns>.baseline.status.
 *   node bench/sanctions-baseline.js gate       "gateway": an ordered consumer of <ns>.baseline.status keeping
 *                                               the suspended account ids in a Set, and raw Fastify answering
 *                                               GET /poll/:id with 403 for a suspended account, else 200.
 *
 * Messages are handled one at a time, as the platform's consumer loop does. Environment (set by sanctions.js):
 * BASELINE_NATS_URL, BASELINE_STREAM, BASELINE_SUBJECT_PREFIX (`<ns>.baseline`), BASELINE_DATABASE_URL
 * (consumer). The gate tells its parent its port over IPC ({port}); the consumer sends {ready: true}.
 * Both stop on SIGTERM/SIGINT or when the parent goes away.
 */
'use strict';

const { AckPolicy, DeliverPolicy, JSONCodec, connect } = require('nats');

const codec = JSONCodec();

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function consumer(nc, stopping) {
  const { Client } = require('pg');
  const db = new Client({ connectionString: env('BASELINE_DATABASE_URL') });
  await db.connect();
  const stream = env('BASELINE_STREAM');
  const prefix = env('BASELINE_SUBJECT_PREFIX');
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const durable = 'baseline_consumer';
  // The platform's consumer settings (libs/messaging/src/event-consumer.ts), so that only the code differs.
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${prefix}.sanction`,
    ack_wait: 30_000 * 1e6,
    max_ack_pending: 256,
  });
  const messages = await (await js.consumers.get(stream, durable)).consume({ max_messages: 64 });
  stopping.push(() => messages.stop());
  const failures = [];
  process.send?.({ ready: true });
  for await (const msg of messages) {
    const event = codec.decode(msg.data);
    // started_at = now(): when this transaction began, the baseline's counterpart of inbox_entry.processed_at.
    await db.query('insert into bl_effect (event_id, account_id, started_at) values ($1, $2, now()) on conflict do nothing', [event.id, event.accountId]);
    msg.ack();
    // Not awaited in the loop: the platform's status event leaves through identity's relay, which does not hold up
    // its consumer either.
    js.publish(`${prefix}.status`, codec.encode({ accountId: event.accountId }), { msgID: `${event.id}:status` }).catch((error) => failures.push(error));
    if (failures.length) throw failures[0];
  }
  await db.end();
}

async function gate(nc, stopping) {
  const fastify = require('fastify');
  const js = nc.jetstream();
  const suspended = new Set();
  const status = await js.consumers.get(env('BASELINE_STREAM'), { filterSubjects: `${env('BASELINE_SUBJECT_PREFIX')}.status`, deliver_policy: DeliverPolicy.New });
  const messages = await status.consume();
  stopping.push(() => messages.stop());
  void (async () => {
    for await (const msg of messages) suspended.add(codec.decode(msg.data).accountId);
  })();

  const app = fastify({ logger: false });
  app.get('/poll/:id', async (request, reply) => {
    if (suspended.has(request.params.id)) return reply.code(403).send({ error: { code: 'ACCOUNT_SUSPENDED' } });
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  stopping.push(() => app.close());
  process.send({ port: app.server.address().port });
}

async function main() {
  const role = process.argv[2];
  if (role !== 'consumer' && role !== 'gate') throw new Error(`usage: node bench/sanctions-baseline.js consumer|gate (got "${role}")`);
  const nc = await connect({ servers: env('BASELINE_NATS_URL'), name: `baseline-${role}`, noAsyncTraces: true });
  const stopping = [];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const s of stopping) {
      try {
        s();
      } catch {
        // stopping anyway
      }
    }
    nc.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  if (role === 'consumer') await consumer(nc, stopping);
  else await gate(nc, stopping);
}

main().catch((error) => {
  console.error(`baseline ${process.argv[2]} failed:`, error);
  process.exit(1);
});
