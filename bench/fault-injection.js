#!/usr/bin/env node
/*
 * bench/fault-injection.js — `npm run bench:faults`: the report → case → decision → sanction flow under
 * crashes. It starts a private nats-server (free port, its own store directory), databases of its own
 * (prefix `weop_faults_<random>` on DATABASE_URL's server) and the built identity, content, trust-safety
 * and gateway as child processes; drives members reporting blogs and profiles and two moderators deciding
 * cases (suspend, warn, dismiss, expel, remove) through the gateway, while it SIGKILLs services and
 * restarts them and restarts the NATS server. Then it lets everything settle and checks, in the databases
 * and through the gateway, that nothing was lost or applied twice. Exit code 1 when an invariant broke.
 *
 * Settings (environment):
 *   FAULT_DURATION_S     seconds of load and faults (default 150)
 *   FAULT_SEED           seed of the random choices (default: random; printed). It fixes the choices, not
 *                        the timing, so a run is repeatable in kind rather than step by step.
 *   FAULT_MEMBERS        members at the start, each with a blog (default 24)
 *   FAULT_SETTLE_S       longest wait for every outbox and consumer to drain at the end (default 180)
 *   FAULT_NATS_SIGNAL    how NATS is stopped: SIGTERM (default), SIGKILL, or mixed
 *   FAULT_PUBLISH_DELAY_MS  WEOP_OUTBOX_PUBLISH_DELAY_MS for the services (default 250): each event waits that
 *                        long in its outbox, so kills often land between a commit and its publish
 *   FAULT_KEEP=1         keep the databases and the run directory (logs, NATS store) afterwards
 *   DATABASE_URL         the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/postgres)
 *   NATS_SERVER_BIN      nats-server binary (default /usr/sbin/nats-server)
 * The shared NATS on 4222 is never touched.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Client } = require('pg');
const { connect } = require('nats');

const ROOT = path.resolve(__dirname, '..');
// Where a built app starts, and the flags every app runs with as deployed: the same as the other benches'.
const { APP_ENTRY, APP_NODE_FLAGS } = require('./lib');
const SERVICES = ['identity', 'content', 'trust-safety'];
const APPS = [...SERVICES, 'gateway'];
const GUIDELINES = ['be-real', 'respect', 'no-scams', 'privacy', 'intellectual-property', 'be-factual', 'safety'];
const ADMIN = { email: 'faults-admin@weop.test', password: 'Steppe-Orchard-Lantern-2024' };

class FaultRunError extends Error {}

function int(name, fallback, min = 0) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new FaultRunError(`${name}=${raw} must be a whole number ≥ ${min}`);
  return value;
}

const settings = {
  durationS: int('FAULT_DURATION_S', 150, 10),
  seed: int('FAULT_SEED', crypto.randomInt(1, 2 ** 31)),
  members: int('FAULT_MEMBERS', 24, 4),
  settleS: int('FAULT_SETTLE_S', 180, 10),
  natsSignal: process.env.FAULT_NATS_SIGNAL || 'SIGTERM',
  publishDelayMs: int('FAULT_PUBLISH_DELAY_MS', 250),
  keep: process.env.FAULT_KEEP === '1',
  serverUrl: process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres',
  natsBin: process.env.NATS_SERVER_BIN || '/usr/sbin/nats-server',
};
if (!['SIGTERM', 'SIGKILL', 'mixed'].includes(settings.natsSignal)) throw new FaultRunError('FAULT_NATS_SIGNAL must be SIGTERM, SIGKILL or mixed');

const runId = crypto.randomBytes(3).toString('hex');
const PREFIX = `weop_faults_${runId}`;
const RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `weop-faults-${runId}-`));
const databaseOf = (service) => `${PREFIX}_${service.replace(/-/g, '_')}`;
const databaseUrl = (service) => {
  const url = new URL(settings.serverUrl);
  url.pathname = `/${databaseOf(service)}`;
  return url.toString();
};

const say = (message) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: small, seedable, good enough to pick actions. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(settings.seed);
const between = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (items) => items[Math.floor(random() * items.length)];
const weighted = (entries) => {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1][0];
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// ─── what happened, for the summary ───────────────────────────────────────────────────────────

const stats = {
  kills: Object.fromEntries(APPS.map((a) => [a, 0])),
  natsRestarts: 0,
  killsLeavingUnsent: 0,
  unsentAtKills: 0,
  failedStarts: Object.fromEntries(APPS.map((a) => [a, 0])),
  unexpectedExits: [],
  requests: 0,
  transientAnswers: {},
  reportsAccepted: 0,
  reportsSeenAfterRetry: 0,
  reportsRefused: {},
  decisions: {},
  decisionsClosedAfterRetry: 0,
  decisionRaces: 0,
  decisionsRefused: {},
  membersRegistered: 0,
  settleSeconds: 0,
};
const accepted = { reports: [], decisions: [] };

// ─── the private NATS server ──────────────────────────────────────────────────────────────────

const nats = { port: 0, url: '', proc: undefined, exit: undefined, storeDir: path.join(RUN_DIR, 'nats-store'), wanted: true };

function startNats() {
  const log = fs.openSync(path.join(RUN_DIR, 'nats-server.log'), 'a');
  try {
    const proc = spawn(settings.natsBin, ['-a', '127.0.0.1', '-p', String(nats.port), '-js', '-sd', nats.storeDir], { stdio: ['ignore', log, log] });
    nats.proc = proc;
    nats.exit = new Promise((resolve) => proc.once('exit', resolve));
    proc.once('exit', () => {
      if (nats.proc !== proc) return;
      nats.proc = undefined;
      if (nats.wanted && !state.stopping) {
        stats.unexpectedExits.push({ app: 'nats-server', at: new Date().toISOString() });
        setTimeout(() => nats.wanted && !nats.proc && !state.stopping && startNats(), 1000);
      }
    });
  } finally {
    fs.closeSync(log);
  }
}

async function natsReady(timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const nc = await connect({ servers: nats.url, timeout: 1000, reconnect: false });
      try {
        await (await nc.jetstreamManager({ timeout: 2000 })).getAccountInfo();
        return;
      } finally {
        await nc.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new FaultRunError(`the private nats-server did not come up: ${error.message}`);
      await sleep(200);
    }
  }
}

async function restartNats() {
  const signal = settings.natsSignal === 'mixed' ? pick(['SIGTERM', 'SIGKILL']) : settings.natsSignal;
  const proc = nats.proc;
  if (!proc) return;
  nats.wanted = false;
  const exited = nats.exit;
  proc.kill(signal);
  await exited;
  stats.natsRestarts += 1;
  const downMs = between(500, 3000);
  say(`NATS stopped (${signal}) for ${downMs} ms`);
  await sleep(downMs);
  nats.wanted = true;
  startNats();
  await natsReady();
}

// ─── the apps ─────────────────────────────────────────────────────────────────────────────────

const state = { stopping: false };
const apps = new Map();

function appEnv(app) {
  const env = { ...process.env };
  for (const name of ['WEOP_ADMIN_EMAIL', 'WEOP_ADMIN_PASSWORD', 'SERVICE_DATABASE_URL', 'WEOP_NATS_NAMESPACE', 'PORT', 'HOST']) delete env[name];
  Object.assign(env, {
    DATABASE_URL: settings.serverUrl,
    WEOP_DATABASE_PREFIX: PREFIX,
    NATS_URL: nats.url,
    LOG_LEVEL: 'warn',
    WEOP_OUTBOX_PUBLISH_DELAY_MS: String(settings.publishDelayMs),
  });
  const a = apps.get(app);
  if (app === 'gateway') {
    // Readiness asks only the services this run starts (by default it waits for every service of the platform).
    Object.assign(env, { PORT: String(a.port), HOST: '127.0.0.1', WEOP_SERVICES: SERVICES.join(','), RATE_LIMIT_PER_MINUTE: '1000000', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' });
  } else {
    Object.assign(env, { HEALTH_PORT: String(a.port), WEOP_STORAGE_DIR: path.join(RUN_DIR, 'blobs', app) });
  }
  if (app === 'identity') Object.assign(env, { WEOP_ADMIN_EMAIL: ADMIN.email, WEOP_ADMIN_PASSWORD: ADMIN.password, STATUS_EXPIRY_INTERVAL_MS: '1000' });
  return env;
}

/** Starts the app; a supervisor restarts it when it exits unless the run took it down on purpose. */
function startApp(app) {
  const a = apps.get(app);
  const log = fs.openSync(path.join(RUN_DIR, `${app}.log`), 'a');
  try {
    const proc = spawn(process.execPath, [...APP_NODE_FLAGS, APP_ENTRY(app)], { cwd: ROOT, env: appEnv(app), stdio: ['ignore', log, log] });
    a.proc = proc;
    a.ready = false;
    a.exit = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    void a.exit.then(({ code, signal }) => {
      if (a.proc !== proc) return;
      a.proc = undefined;
      if (!a.wanted || state.stopping) return;
      // Not our doing: a start that failed (NATS down at that moment: the process exits, an orchestrator restarts it) or a crash.
      if (a.ready) stats.unexpectedExits.push({ app, code, signal, at: new Date().toISOString() });
      else stats.failedStarts[app] += 1;
      setTimeout(() => a.wanted && !a.proc && !state.stopping && startApp(app), 1000);
    });
    void watchReady(app, proc);
  } finally {
    fs.closeSync(log);
  }
}

async function watchReady(app, proc) {
  const a = apps.get(app);
  const url = `http://127.0.0.1:${a.port}/health/${app === 'gateway' ? 'live' : 'ready'}`;
  while (a.proc === proc) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) {
        a.ready = true;
        return;
      }
    } catch {
      // not up yet
    }
    await sleep(200);
  }
}

async function allReady(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while ([...apps.values()].some((a) => !a.proc || !a.ready)) {
    if (Date.now() > deadline) {
      const missing = [...apps.values()].filter((a) => !a.proc || !a.ready).map((a) => a.name);
      throw new FaultRunError(`not ready within ${timeoutMs / 1000} s: ${missing.join(', ')} (logs in ${RUN_DIR})`);
    }
    await sleep(200);
  }
}

async function killApp(app) {
  const a = apps.get(app);
  const proc = a.proc;
  if (!proc) return;
  a.wanted = false;
  const exited = a.exit;
  proc.kill('SIGKILL');
  await exited;
}

/** SIGKILL, count what it left in its outbox, then start it again after a while. */
async function crash(app) {
  await killApp(app);
  stats.kills[app] += 1;
  let unsent = 0;
  if (app !== 'gateway') {
    unsent = await query(app, 'select count(*)::int as n from outbox_message where sent_at is null').then((r) => r[0].n, () => 0);
    if (unsent > 0) {
      stats.killsLeavingUnsent += 1;
      stats.unsentAtKills += unsent;
    }
  }
  const downMs = between(300, 3000);
  say(`SIGKILL ${app}${unsent ? ` (${unsent} committed event(s) not yet published)` : ''}; back in ${downMs} ms`);
  await sleep(downMs);
  const a = apps.get(app);
  a.wanted = true;
  if (!a.proc && !state.stopping) startApp(app);
}

async function stopEverything() {
  state.stopping = true;
  await Promise.all(
    [...apps.values()].map(async (a) => {
      if (!a.proc) return;
      const exited = a.exit;
      a.proc.kill('SIGTERM');
      const timer = setTimeout(() => a.proc?.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    }),
  );
  nats.wanted = false;
  if (nats.proc) {
    const exited = nats.exit;
    nats.proc.kill('SIGTERM');
    await exited;
  }
}

// ─── the databases ────────────────────────────────────────────────────────────────────────────

const pools = new Map();
function query(service, sql, params = []) {
  if (!pools.has(service)) {
    const { Pool } = require('pg');
    const pool = new Pool({ connectionString: databaseUrl(service), max: 2 });
    pool.on('error', () => undefined);
    pools.set(service, pool);
  }
  return pools.get(service).query(sql, params).then((r) => r.rows);
}

async function dropDatabases() {
  await Promise.all([...pools.values()].map((p) => p.end().catch(() => undefined)));
  pools.clear();
  const client = new Client({ connectionString: settings.serverUrl });
  await client.connect();
  try {
    for (const service of SERVICES) await client.query(`drop database if exists "${databaseOf(service)}" with (force)`);
  } finally {
    await client.end();
  }
}

// ─── the members, through the gateway ─────────────────────────────────────────────────────────

let baseUrl = '';

async function http(method, urlPath, { token, body, timeoutMs = 8000 } = {}) {
  stats.requests += 1;
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${baseUrl}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  } catch (error) {
    return { status: 0, body: { error: { code: error.cause?.code ?? error.name } } };
  }
}

/** A gateway down, a service down or NATS away: the answer says nothing about the request itself. */
const transient = (answer) => answer.status === 0 || answer.status >= 500;
const codeOf = (answer) => answer.body?.error?.code ?? String(answer.status);

/** Retries while the platform is failing; reports whether an earlier try may have gone through. */
async function retrying(send, { tries = 12, deadline = Infinity } = {}) {
  let uncertain = false;
  for (let attempt = 0; ; attempt++) {
    const answer = await send();
    if (!transient(answer) || attempt + 1 >= tries || Date.now() > deadline) return { answer, uncertain };
    const key = `${answer.status} ${codeOf(answer)}`;
    stats.transientAnswers[key] = (stats.transientAnswers[key] ?? 0) + 1;
    // A timeout or a 5xx may come after the service committed; a 503 from the gateway's own checks may not.
    uncertain = true;
    await sleep(Math.min(3000, 250 * 1.6 ** attempt));
  }
}

async function signIn(person) {
  const { answer } = await retrying(() => http('POST', '/api/v1/auth/login', { body: { email: person.email, password: person.password } }));
  if (answer.status !== 200) throw new FaultRunError(`sign-in of ${person.email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  person.id = answer.body.account.id;
  person.token = answer.body.accessToken;
  return person;
}

/** Calls as `person`; a token the gateway no longer takes (expired, session gone) is renewed once. */
async function as(person, method, urlPath, body, options) {
  const result = await retrying(() => http(method, urlPath, { token: person.token, body }), options);
  if (result.answer.status !== 401) return result;
  await signIn(person);
  return retrying(() => http(method, urlPath, { token: person.token, body }), options);
}

async function register(tag) {
  const person = { email: `${tag}-${crypto.randomBytes(5).toString('hex')}@faults.test`, password: `Steppe-${crypto.randomBytes(6).toString('hex')}-Wind`, restricted: false };
  for (;;) {
    const { answer } = await retrying(() => http('POST', '/api/v1/auth/register', { body: { email: person.email, password: person.password, fullName: 'Aigerim Bekova', country: 'KZ' } }));
    if (answer.status === 201 || answer.status === 409) break; // 409: an earlier try went through
    throw new FaultRunError(`registration failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  stats.membersRegistered += 1;
  return signIn(person);
}

async function newMember() {
  const member = await register('member');
  const { answer } = await as(member, 'POST', '/api/v1/blogs', { title: `Notes from ${member.email.slice(7, 12)}`, body: 'What our cooperative learnt this season.', originalityAttested: true });
  if (answer.status === 201) member.blogId = answer.body.id;
  return member;
}

// ─── the load ─────────────────────────────────────────────────────────────────────────────────

const members = [];
const moderators = [];
const reported = new Set();

async function fileReport(deadline) {
  const reporters = members.filter((m) => !m.restricted);
  if (reporters.length < 5 && members.length < settings.members * 3) {
    members.push(await newMember());
    return;
  }
  const reporter = pick(reporters);
  const targets = members.filter((m) => m !== reporter && !(m.profileGone && (m.blogGone || !m.blogId)));
  if (targets.length === 0) return;
  const target = pick(targets);
  const onBlog = target.blogId && !target.blogGone && (target.profileGone || random() < 0.7);
  const subject = onBlog ? { type: 'blog', id: target.blogId } : { type: 'profile', id: target.id };
  const key = `${reporter.id}:${subject.type}:${subject.id}`;
  if (reported.has(key)) return;
  const guideline = weighted([['respect', 5], ['be-factual', 3], ['no-scams', 2], ['privacy', 2], ['be-real', 2], ['intellectual-property', 1], ['safety', 1]]);
  const { answer, uncertain } = await as(reporter, 'POST', '/api/v1/reports', { subject, guideline, details: 'Seen in the feed today.' }, { deadline });
  if (answer.status === 202) {
    reported.add(key);
    stats.reportsAccepted += 1;
    accepted.reports.push({ id: answer.body.id, subject });
  } else if (answer.status === 409 && uncertain) {
    reported.add(key);
    stats.reportsSeenAfterRetry += 1; // the try that timed out had been stored
  } else if (!transient(answer)) {
    const code = codeOf(answer);
    stats.reportsRefused[code] = (stats.reportsRefused[code] ?? 0) + 1;
    if (code === 'ACCOUNT_SUSPENDED' || code === 'ACCOUNT_EXPELLED') reporter.restricted = true;
    if (answer.status === 404 && onBlog) target.blogGone = true;
    if (answer.status === 404 && !onBlog) target.profileGone = true; // expelled: her profile is no longer shown
    if (answer.status === 409) reported.add(key);
  }
}

async function decideOne(moderator, deadline) {
  const { answer: queue } = await as(moderator, 'GET', '/api/v1/moderation/cases?limit=50', undefined, { deadline });
  const open = queue.status === 200 ? queue.body.items : [];
  if (open.length === 0) return sleep(500);
  const found = pick(open);
  const onBlog = found.subject.type === 'blog';
  const action = weighted([['suspend', 30], ['warn', 25], ['dismiss', 30], ['expel', 5], ['remove-content', onBlog ? 10 : 0]]);
  const body = { action, guideline: pick(found.guidelines?.length ? found.guidelines : GUIDELINES), statement: `Decided under fault injection (${action}).` };
  if (action === 'suspend') body.durationDays = between(1, 30);
  if (onBlog && ['suspend', 'warn', 'expel'].includes(action) && random() < 0.3) body.removeContent = true;
  const { answer, uncertain } = await as(moderator, 'POST', `/api/v1/moderation/cases/${found.id}/decisions`, body, { deadline });
  if (answer.status === 201) {
    stats.decisions[action] = (stats.decisions[action] ?? 0) + 1;
    accepted.decisions.push({ id: answer.body.id, sanctionId: answer.body.sanctionId ?? null, caseId: found.id, action });
  } else if (codeOf(answer) === 'CASE_CLOSED') {
    if (uncertain) stats.decisionsClosedAfterRetry += 1;
    else stats.decisionRaces += 1; // the other moderator decided it first
  } else if (!transient(answer)) {
    const code = codeOf(answer);
    stats.decisionsRefused[code] = (stats.decisionsRefused[code] ?? 0) + 1;
  }
}

async function worker(deadline, step, pauseMs) {
  while (Date.now() < deadline) {
    try {
      await step(deadline);
    } catch (error) {
      say(`load step failed: ${error.message}`);
    }
    await sleep(between(...pauseMs));
  }
}

async function chaos(deadline) {
  let lastNats = Date.now();
  while (Date.now() < deadline) {
    await sleep(between(2500, 7000));
    if (Date.now() >= deadline) break;
    if (random() < 0.18 && Date.now() - lastNats > 15_000) {
      await restartNats().catch((error) => say(`NATS restart: ${error.message}`));
      lastNats = Date.now();
      continue;
    }
    const up = APPS.filter((app) => apps.get(app).proc && apps.get(app).wanted);
    if (up.length === 0) continue;
    const weights = { 'trust-safety': 35, identity: 30, content: 20, gateway: 15 };
    const first = weighted(up.map((app) => [app, weights[app]]));
    const victims = [first];
    if (random() < 0.15) {
      const other = up.filter((app) => app !== first);
      if (other.length) victims.push(pick(other));
    }
    // Not awaited: the next fault may come while these are still down.
    for (const app of victims) void crash(app).catch((error) => say(`crash ${app}: ${error.message}`));
  }
}

// ─── settling and the invariants ──────────────────────────────────────────────────────────────

async function jetStream(fn) {
  const nc = await connect({ servers: nats.url, timeout: 3000 });
  try {
    return await fn(await nc.jetstreamManager());
  } finally {
    await nc.close();
  }
}

async function consumerBacklog() {
  return jetStream(async (jsm) => {
    const backlog = [];
    for await (const stream of jsm.streams.list()) {
      for await (const c of jsm.consumers.list(stream.config.name)) {
        if (!c.config.durable_name) continue;
        if (c.num_pending > 0 || c.num_ack_pending > 0) backlog.push(`${c.name}: ${c.num_pending} pending, ${c.num_ack_pending} unacknowledged`);
      }
    }
    return backlog;
  });
}

async function unsentCounts() {
  const counts = {};
  for (const service of SERVICES) counts[service] = (await query(service, 'select count(*)::int as n from outbox_message where sent_at is null'))[0].n;
  return counts;
}

async function settle() {
  const started = Date.now();
  const deadline = started + settings.settleS * 1000;
  for (const a of apps.values()) a.wanted = true;
  if (!nats.proc) startNats();
  await natsReady(60_000);
  for (const a of apps.values()) if (!a.proc) startApp(a.name);
  await allReady(120_000);
  let quiet = 0;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const unsent = await unsentCounts();
      const backlog = await consumerBacklog();
      const busy = Object.values(unsent).some((n) => n > 0) || backlog.length > 0;
      last = busy ? `unsent ${JSON.stringify(unsent)}; ${backlog.join('; ') || 'consumers drained'}` : '';
      quiet = busy ? 0 : quiet + 1;
      // Twice quiet, a status-expiry tick apart: nothing was in flight between the two looks.
      if (quiet >= 2) break;
    } catch (error) {
      last = error.message;
      quiet = 0;
    }
    await sleep(1500);
  }
  stats.settleSeconds = Math.round((Date.now() - started) / 1000);
  if (quiet < 2) say(`not quiet after ${settings.settleS} s: ${last}`);
}

const invariants = [];
function check(name, checked, problems) {
  invariants.push({ name, checked, problems });
}

const SUBJECT_CONSUMERS = {
  'content.report.filed.v1': ['trust-safety'],
  'identity.report.filed.v1': ['trust-safety'],
  'identity.profile.changed.v1': ['content'],
  'identity.account.deleted.v1': ['content'],
  'trust-safety.sanction.imposed.v1': ['identity', 'content'],
  'trust-safety.sanction.lifted.v1': ['identity', 'content'],
  'trust-safety.case.reports-updated.v1': ['identity', 'content'],
  'trust-safety.subject.visibility-changed.v1': ['content'],
};

async function checkInvariants() {
  const now = new Date();
  // Reports: each in exactly one case, about the same subject.
  const sourceReports = [
    ...(await query('content', 'select id, subject_type, subject_id, status from report')).map((r) => ({ ...r, source: 'content' })),
    ...(await query('identity', `select id, 'profile' as subject_type, subject_id, status from profile_report`)).map((r) => ({ ...r, source: 'identity' })),
  ];
  const caseReports = await query('trust-safety', 'select r.id, r.case_id, c.subject_type, c.subject_id, c.status as case_status from case_report r join moderation_case c on c.id = r.case_id');
  const caseReportById = new Map(caseReports.map((r) => [r.id, r]));
  const sourceById = new Map(sourceReports.map((r) => [r.id, r]));
  check('every report belongs to exactly one case, about its subject', sourceReports.length, sourceReports.flatMap((r) => {
    const inCase = caseReportById.get(r.id);
    if (!inCase) return [`report ${r.id} (${r.subject_type} ${r.subject_id}) is in no case`];
    if (inCase.subject_type !== r.subject_type || inCase.subject_id !== r.subject_id) return [`report ${r.id} is in case ${inCase.case_id} about another subject`];
    return [];
  }));
  check('no case holds a report its service does not have', caseReports.length, caseReports.filter((r) => !sourceById.has(r.id)).map((r) => `case ${r.case_id} holds unknown report ${r.id}`));
  check('every report the API accepted was stored', accepted.reports.length, accepted.reports.filter((r) => !sourceById.has(r.id)).map((r) => `accepted report ${r.id} is missing`));

  const cases = await query('trust-safety', `select c.id, c.subject_type, c.subject_id, c.status, c.report_count, (select count(*)::int from case_report r where r.case_id = c.id) as reports, (select count(*)::int from decision d where d.case_id = c.id) as decisions from moderation_case c`);
  check('each case counts its reports, holds at least one, and has one decision once closed (none while open)', cases.length, cases.flatMap((c) => {
    const problems = [];
    if (c.report_count !== c.reports || c.reports === 0) problems.push(`case ${c.id}: report_count ${c.report_count}, ${c.reports} reports`);
    if (c.decisions !== (c.status === 'open' ? 0 : 1)) problems.push(`case ${c.id} (${c.status}) has ${c.decisions} decisions`);
    return problems;
  }));
  const openPerSubject = await query('trust-safety', `select subject_type, subject_id, count(*)::int as n from moderation_case where status = 'open' group by 1, 2 having count(*) > 1`);
  check('at most one open case per subject', cases.length, openPerSubject.map((s) => `${s.n} open cases about ${s.subject_type} ${s.subject_id}`));

  // Decisions and sanctions.
  const decisions = await query('trust-safety', 'select d.id, d.case_id, d.action, d.remove_content, d.sanction_id, (select count(*)::int from sanction s where s.decision_id = d.id) as sanctions from decision d');
  const decisionIds = new Set(decisions.map((d) => d.id));
  check('every decision the API accepted was stored', accepted.decisions.length, accepted.decisions.filter((d) => !decisionIds.has(d.id)).map((d) => `accepted decision ${d.id} is missing`));
  const sanctioning = new Set(['warn', 'suspend', 'expel']);
  check('a sanctioning decision has exactly one sanction, the others none', decisions.length, decisions.flatMap((d) => {
    const want = sanctioning.has(d.action) ? 1 : 0;
    if (d.sanctions !== want || Boolean(d.sanction_id) !== Boolean(want)) return [`decision ${d.id} (${d.action}) has ${d.sanctions} sanction(s), sanction_id ${d.sanction_id}`];
    return [];
  }));

  const sanctions = await query('trust-safety', 'select id, account_id, kind, ends_at, lifted_at from sanction');
  const changes = await query('identity', `select account_id, status, until, reason->>'sanctionId' as sanction_id from account_status_change`);
  const changesBySanction = new Map();
  for (const c of changes) if (c.sanction_id) changesBySanction.set(c.sanction_id, (changesBySanction.get(c.sanction_id) ?? 0) + 1);
  const sanctionsByAccount = new Map();
  for (const s of sanctions) sanctionsByAccount.set(s.account_id, [...(sanctionsByAccount.get(s.account_id) ?? []), s]);
  const restrictive = sanctions.filter((s) => s.kind !== 'warning');
  const skipped = [];
  check('each suspension and expulsion changed the account once in identity (warnings never)', sanctions.length, sanctions.flatMap((s) => {
    const n = changesBySanction.get(s.id) ?? 0;
    if (s.kind === 'warning') return n === 0 ? [] : [`warning ${s.id} changed the account ${n} time(s)`];
    if (n > 1) return [`${s.kind} ${s.id} applied ${n} times`];
    if (n === 1) return [];
    // Not applied: right only when something that outlasts it was already in force.
    const cover = (sanctionsByAccount.get(s.account_id) ?? []).find((t) => t.id !== s.id && changesBySanction.get(t.id) === 1 && (t.kind === 'expulsion' || (s.kind === 'suspension' && t.kind === 'suspension' && t.ends_at >= s.ends_at)));
    if (cover) {
      skipped.push(`${s.kind} ${s.id} not applied: ${cover.kind} ${cover.id} outlasts it`);
      return [];
    }
    return [`${s.kind} ${s.id} on ${s.account_id} never reached the account`];
  }));
  const knownSanctions = new Set(sanctions.map((s) => s.id));
  check('no status change names a sanction trust-safety does not have', changes.length, changes.filter((c) => c.sanction_id && !knownSanctions.has(c.sanction_id)).map((c) => `status change for unknown sanction ${c.sanction_id}`));

  const announced = await query('identity', `select envelope->'payload'->>'accountId' as account_id, count(*)::int as n from outbox_message where subject = 'identity.account.status-changed.v1' group by 1`);
  const announcedBy = new Map(announced.map((a) => [a.account_id, a.n]));
  const changesBy = new Map();
  for (const c of changes) changesBy.set(c.account_id, (changesBy.get(c.account_id) ?? 0) + 1);
  check('every status change was announced once (identity.account.status-changed.v1)', changes.length, [...new Set([...changesBy.keys(), ...announcedBy.keys()])].filter((id) => changesBy.get(id) !== announcedBy.get(id)).map((id) => `account ${id}: ${changesBy.get(id) ?? 0} changes, ${announcedBy.get(id) ?? 0} announcements`));

  // Where every account should stand now, from trust-safety's sanctions: expelled by any expulsion, else
  // suspended until the latest end still ahead (a shorter suspension never cuts a longer one short).
  const accounts = await query('identity', 'select id, status, status_until from account where deleted_at is null');
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const expected = (accountId) => {
    const own = (sanctionsByAccount.get(accountId) ?? []).filter((s) => !s.lifted_at);
    if (own.some((s) => s.kind === 'expulsion')) return { status: 'expelled', until: null };
    const ends = own.filter((s) => s.kind === 'suspension' && s.ends_at > now).map((s) => s.ends_at.getTime());
    return ends.length ? { status: 'suspended', until: Math.max(...ends) } : { status: 'active', until: null };
  };
  const sanctionedAccounts = [...sanctionsByAccount.keys()];
  check('each sanctioned account stands where its sanctions put it (status and end)', sanctionedAccounts.length, sanctionedAccounts.flatMap((id) => {
    const want = expected(id);
    const have = accountById.get(id);
    if (!have) return [`account ${id} is missing`];
    const haveUntil = have.status_until ? have.status_until.getTime() : null;
    if (have.status !== want.status || haveUntil !== want.until) {
      return [`account ${id} is ${have.status}${haveUntil ? ` until ${new Date(haveUntil).toISOString()}` : ''}, its sanctions say ${want.status}${want.until ? ` until ${new Date(want.until).toISOString()}` : ''}`];
    }
    return [];
  }));

  // The gateway refuses exactly whom identity restricts.
  const gatewayProblems = [];
  for (const member of members) {
    const have = accountById.get(member.id);
    if (!have) continue;
    const answer = await as(member, 'GET', '/api/v1/me/sessions').then((r) => r.answer, (error) => ({ status: 0, body: { error: { code: error.message } } }));
    const seen = answer.status === 200 ? 'active' : answer.status === 403 ? { ACCOUNT_SUSPENDED: 'suspended', ACCOUNT_EXPELLED: 'expelled' }[codeOf(answer)] : `${answer.status} ${codeOf(answer)}`;
    if (seen !== have.status) gatewayProblems.push(`member ${member.id}: identity says ${have.status}, the gateway answers as if ${seen}`);
  }
  check('the gateway refuses exactly the members identity restricts', members.length, gatewayProblems);

  // Content and the reporters see the outcome.
  const removals = await query('trust-safety', `select c.subject_id from decision d join moderation_case c on c.id = d.case_id where d.remove_content and c.subject_type = 'blog'`);
  const visibility = new Map((await query('content', 'select id, visibility from content_item')).map((i) => [i.id, i.visibility]));
  check('every blog a decision removed is removed in content', removals.length, removals.filter((r) => visibility.get(r.subject_id) !== 'removed').map((r) => `blog ${r.subject_id} is ${visibility.get(r.subject_id)}`));
  const caseStatusOf = new Map(caseReports.map((r) => [r.id, r.case_status]));
  check("every report's status follows its case (actioned / no-violation once decided)", sourceReports.length, sourceReports.flatMap((r) => {
    const caseStatus = caseStatusOf.get(r.id);
    const want = caseStatus === 'decided' ? ['actioned'] : caseStatus === 'dismissed' ? ['no-violation'] : ['received', 'in-review'];
    return want.includes(r.status) ? [] : [`${r.source} report ${r.id} is ${r.status}, its case is ${caseStatus}`];
  }));

  // The backbone: nothing left behind, nothing parked.
  const unsent = await unsentCounts();
  check('no outbox row is left unsent', SERVICES.length, Object.entries(unsent).filter(([, n]) => n > 0).map(([s, n]) => `${s}: ${n} unsent`));
  let delivered = 0;
  const undelivered = [];
  for (const [subject, consumers] of Object.entries(SUBJECT_CONSUMERS)) {
    const producer = subject.split('.')[0];
    const published = (await query(producer, 'select id from outbox_message where subject = $1', [subject])).map((r) => r.id);
    for (const consumer of consumers) {
      const seen = new Set((await query(consumer, 'select event_id from inbox_entry where consumer = $1 and subject = $2', [consumer, subject])).map((r) => r.event_id));
      delivered += published.length;
      const missing = published.filter((id) => !seen.has(id));
      if (missing.length) undelivered.push(`${missing.length} ${subject} never applied by ${consumer} (e.g. ${missing[0]})`);
    }
  }
  check('every event published reached each of its consumers (inbox)', delivered, undelivered);
  check('every durable consumer is drained', 1, await consumerBacklog());
  const deadLetters = await jetStream(async (jsm) => {
    const info = await jsm.streams.info('WEOP_DEAD_LETTERS').catch(() => undefined);
    const found = [];
    if (!info || info.state.messages === 0) return found;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage('WEOP_DEAD_LETTERS', { seq }).catch(() => undefined);
      if (m) found.push(`${m.header.get('weop-consumer')} ${m.header.get('weop-original-subject')} after ${m.header.get('weop-deliveries')} deliveries: ${m.header.get('weop-error')}`);
    }
    return found;
  });
  check('no dead letters', 1, deadLetters);
  return { skipped, restrictive: restrictive.length, sanctions: sanctions.length, cases: cases.length, decisions: decisions.length };
}

// ─── main ─────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const missing = APPS.map((app) => APP_ENTRY(app)).filter((f) => !fs.existsSync(f));
  if (missing.length) throw new FaultRunError(`${missing.map((f) => path.relative(ROOT, f)).join(', ')} not found: run \`npm run build\` first.`);
  if (!fs.existsSync(settings.natsBin)) throw new FaultRunError(`${settings.natsBin} not found (NATS_SERVER_BIN)`);
  say(`seed ${settings.seed}, ${settings.durationS} s of load and faults, ${settings.members} members, outbox hold ${settings.publishDelayMs} ms, NATS stopped with ${settings.natsSignal}`);
  say(`databases ${PREFIX}_*, logs and the NATS store in ${RUN_DIR}`);

  nats.port = await freePort();
  nats.url = `nats://127.0.0.1:${nats.port}`;
  startNats();
  await natsReady();
  for (const app of APPS) apps.set(app, { name: app, port: await freePort(), wanted: true, proc: undefined, ready: false });
  baseUrl = `http://127.0.0.1:${apps.get('gateway').port}`;
  // Identity first: it creates the first admin; then the others, as an orchestrator would start them.
  startApp('identity');
  await sleep(1500);
  for (const app of ['content', 'trust-safety', 'gateway']) startApp(app);
  await allReady(90_000);
  const readyBy = Date.now() + 60_000;
  for (;;) {
    const ready = await http('GET', '/health/ready');
    if (ready.status === 200) break;
    if (Date.now() > readyBy) throw new FaultRunError(`the gateway is not ready within 60 s: ${JSON.stringify(ready.body)} (logs in ${RUN_DIR})`);
    await sleep(300);
  }

  say('setting up members, blogs and two moderators …');
  const admin = await signIn({ ...ADMIN });
  for (let i = 0; i < 2; i++) {
    const moderator = await register('moderator');
    const { answer } = await as(admin, 'POST', `/api/v1/admin/users/${moderator.id}/roles`, { role: 'moderator' });
    if (answer.status !== 204) throw new FaultRunError(`granting the moderator role failed: ${answer.status}`);
    moderators.push(await signIn(moderator));
  }
  for (let i = 0; i < settings.members; i++) members.push(await newMember());
  for (const moderator of moderators) {
    for (;;) {
      const { answer } = await as(moderator, 'GET', '/api/v1/moderation/cases');
      if (answer.status === 200) break;
      await sleep(200);
    }
  }

  const deadline = Date.now() + settings.durationS * 1000;
  say(`load and faults for ${settings.durationS} s …`);
  await Promise.all([
    chaos(deadline),
    ...[0, 1, 2].map(() => worker(deadline, fileReport, [100, 500])),
    ...moderators.map((m) => worker(deadline, (d) => decideOne(m, d), [300, 1200])),
  ]);
  say('load over; letting the platform settle …');
  await settle();
  say(`settled in ${stats.settleSeconds} s; checking the invariants …`);
  const found = await checkInvariants();
  return found;
}

function printSummary(found) {
  const broken = invariants.filter((i) => i.problems.length > 0);
  const decided = Object.values(stats.decisions).reduce((a, b) => a + b, 0);
  const lines = [
    '',
    `Fault injection — seed ${settings.seed}, ${settings.durationS} s of load and faults, settled in ${stats.settleSeconds} s`,
    `  load        ${stats.reportsAccepted} reports accepted (+${stats.reportsSeenAfterRetry} stored by a try whose answer was lost), ${decided} decisions accepted ${JSON.stringify(stats.decisions)}`,
    `              ${stats.decisionsClosedAfterRetry} decisions stored by a try whose answer was lost, ${stats.decisionRaces} lost a race to the other moderator; ${stats.membersRegistered} accounts registered, ${stats.requests} requests`,
    `              refused reports ${JSON.stringify(stats.reportsRefused)}, refused decisions ${JSON.stringify(stats.decisionsRefused)}`,
    `              answers while failing (retried) ${JSON.stringify(stats.transientAnswers)}`,
    `  faults      ${Object.values(stats.kills).reduce((a, b) => a + b, 0)} SIGKILLs ${JSON.stringify(stats.kills)}, ${stats.natsRestarts} NATS restarts (${settings.natsSignal})`,
    `              ${stats.killsLeavingUnsent} kills left ${stats.unsentAtKills} committed events unpublished; failed starts (NATS away) ${JSON.stringify(stats.failedStarts)}`,
    `              unexpected exits: ${stats.unexpectedExits.length ? JSON.stringify(stats.unexpectedExits) : 'none'}`,
    found ? `  state       ${found.cases} cases, ${found.decisions} decisions, ${found.sanctions} sanctions (${found.restrictive} suspensions/expulsions)${found.skipped.length ? `; ${found.skipped.length} not applied because a longer suspension or an expulsion was already in force` : ''}` : '',
    `  invariants  ${invariants.length} checked, ${broken.length} broken`,
    ...invariants.map((i) => `    ${i.problems.length ? 'BROKEN' : 'ok    '} ${i.name} (${i.checked})${i.problems.length ? `\n${i.problems.slice(0, 10).map((p) => `             - ${p}`).join('\n')}${i.problems.length > 10 ? `\n             … and ${i.problems.length - 10} more` : ''}` : ''}`),
    '',
  ];
  console.log(lines.filter((l) => l !== '').join('\n'));
  fs.writeFileSync(path.join(RUN_DIR, 'summary.json'), JSON.stringify({ settings: { ...settings, serverUrl: undefined }, stats, invariants }, null, 2));
  return broken.length;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say(`${signal}: stopping …`);
    stopEverything()
      .then(() => (settings.keep ? undefined : dropDatabases()))
      .finally(() => process.exit(130));
  });
}

main()
  .then(async (found) => {
    const broken = printSummary(found);
    await stopEverything();
    if (!settings.keep) await dropDatabases().catch((error) => say(`could not drop the databases: ${error.message}`));
    if (broken === 0 && !settings.keep) fs.rmSync(RUN_DIR, { recursive: true, force: true });
    else say(`logs, NATS store and summary.json kept in ${RUN_DIR}`);
    process.exit(broken === 0 ? 0 : 1);
  })
  .catch(async (error) => {
    console.error(error instanceof FaultRunError ? `[faults] ${error.message}` : error);
    if (invariants.length) printSummary();
    await stopEverything().catch(() => undefined);
    if (!settings.keep) await dropDatabases().catch(() => undefined);
    say(`logs kept in ${RUN_DIR}`);
    process.exit(2);
  });
