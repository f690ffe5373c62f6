#!/usr/bin/env node
/*
 * scripts/start.js — `npm start`: brings up every WEOP service and the gateway on this machine.
 *
 *   1. builds apps/ and libs/ with swc into dist/ (the repo's .swcrc rewrites the @weop/* aliases);
 *   2. finds PostgreSQL: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres; when neither
 *      is configured nor answering, falls back to embedded PostgreSQL (PGlite), one instance per service,
 *      persisted under .data/pglite/<service>, each served on its own local port and handed to its
 *      service whole as SERVICE_DATABASE_URL;
 *   3. checks NATS (NATS_URL, else nats://127.0.0.1:4222) answers and has JetStream on;
 *   4. starts the backend services, then the gateway, with concurrently (prefixed, coloured output;
 *      one failing stops the others);
 *   5. waits for the gateway's /health/ready and prints where everything is.
 * PORT (3000) is the gateway's; HEALTH_PORT_BASE (3101) the first service's health port, the others follow.
 * WEOP_START_BUILD=skip starts what dist/ holds without building (test/start.e2e-spec.ts).
 * Ctrl-C / SIGTERM stops the apps, then the PGlite servers. Each service creates its own database, runs
 * its migrations and creates its streams itself; this script does not.
 *
 * PGlite finding (@electric-sql/pglite 0.5.14 + @electric-sql/pglite-socket 0.2.17, tried with `pg` 8):
 *   - PGLiteSocketServer serves ONE client connection by default (`maxConnections` defaults to 1): a
 *     second concurrent client is sent "Too many connections" and dropped ("Connection terminated
 *     unexpectedly" in pg).
 *   - With `maxConnections: N` it accepts N clients, but they all share PGlite's single backend session:
 *     protocol messages are queued one by one, so a large query that reaches the socket in several TCP
 *     chunks (e.g. a 300 kB parameter) can be interleaved with another client's Parse/Bind, and in the
 *     experiment 3-4 of 200 concurrent queries silently got ANOTHER client's result. Only open
 *     transactions are kept together. LISTEN on one connection never receives NOTIFY from another.
 *   So each PGlite server here keeps the default single connection, and its service is given
 *   WEOP_DB_POOL_MAX=1 (one pooled connection, and no second ad-hoc client while it is held) and
 *   WEOP_DB_LISTEN=false (no LISTEN/NOTIFY; poll instead).
 *
 * Add a backend service: add its name to SERVICES (its entry point is dist/apps/<name>/src/main.js).
 */
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const APP_NODE_FLAGS = require('./app-node-flags.json');
const { spawnSync } = require('node:child_process');

/** Backend services, started before the gateway, in this order. Each gets HEALTH_PORT 3101, 3102, … */
const SERVICES = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];
const GATEWAY = 'gateway';

const ROOT = path.resolve(__dirname, '..');
const SWC_BIN = path.join(ROOT, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
/** HEALTH_PORT_BASE moves the services' health ports (to run a second stack beside this one). */
const FIRST_HEALTH_PORT = Number(process.env.HEALTH_PORT_BASE || 3101);
const FIRST_PGLITE_PORT = 54400;
const PGLITE_DIR = path.join(ROOT, '.data', 'pglite');
const PGLITE_LOCK = path.join(PGLITE_DIR, '.lock');
const CHECK_TIMEOUT_MS = 2000;
const READY_POLL_MS = 500;
const READY_TIMEOUT_MS = 60000;
const DEV_DEFAULTS = {
  NODE_ENV: 'development',
  WEOP_ADMIN_EMAIL: 'admin@weop.local',
  WEOP_ADMIN_PASSWORD: 'Carec-Tbilisi-2023-dev',
};
const SERVICE_COLORS = ['cyan', 'magenta', 'yellow', 'blue', 'red', 'gray'];
const GATEWAY_COLOR = 'green';

const NATS_HOWTO = [
  'Start one on this machine with:',
  '  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
  'elsewhere with `nats-server -js`, or with Docker: `docker compose up nats`.',
  'Or point NATS_URL at a NATS server that has JetStream on.',
].join('\n');

/** What is running, for shutdown. */
const state = { pglite: [], lockHeld: false, appsStarted: false, stopping: false, signals: 0 };

// ─── small helpers ────────────────────────────────────────────────────────────────────────────

class StartError extends Error {}

const say = (message) => console.log(`[start] ${message}`);
const warn = (message) => console.warn(`[start] WARNING: ${message}`);
const fail = (message) => {
  throw new StartError(message);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects when `promise` has not settled after `ms`. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The URL with its password hidden, for printing. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function errorText(error) {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(errorText).join('; ');
  return (error && (error.message || error.code)) || String(error);
}

function parsePort(value, name) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name}=${value} is not a port number`);
  return port;
}

/** True when nothing listens on `port` (on any address). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

// ─── 0. environment ───────────────────────────────────────────────────────────────────────────

function applyDevDefaults() {
  const defaulted = [];
  for (const [name, value] of Object.entries(DEV_DEFAULTS)) {
    if (!process.env[name]) {
      process.env[name] = value;
      defaulted.push(name);
    }
  }
  const adminDefaults = defaulted.filter((name) => name.startsWith('WEOP_ADMIN_'));
  if (adminDefaults.length) {
    warn(
      `${adminDefaults.join(' and ')} not set: using the development default(s) ` +
        `(${process.env.WEOP_ADMIN_EMAIL}). Never use these outside a development machine.`,
    );
  }
}

// ─── 1. build ─────────────────────────────────────────────────────────────────────────────────

function build() {
  say('Building apps/ and libs/ with swc into dist/ …');
  // Stale output (a deleted migration, a renamed module) must not survive a rebuild.
  for (const dir of ['apps', 'libs']) fs.rmSync(path.join(ROOT, 'dist', dir), { recursive: true, force: true });
  // RUST_LIB_BACKTRACE=0 keeps a Rust stack trace (printed when RUST_BACKTRACE=1) out of syntax errors.
  const env = { RUST_LIB_BACKTRACE: '0', ...process.env };
  // The staff console (apps/console) is a browser app: Vite builds it, below.
  const result = spawnSync(process.execPath, [SWC_BIN, 'apps', 'libs', '-d', 'dist', '--ignore', 'apps/console/**'], { cwd: ROOT, env, encoding: 'utf8' });
  const output = `${result.stdout || ''}${result.stderr || ''}`.replace(/^\s*\n/, '').trimEnd();
  if (result.error) fail(`The build could not run: ${result.error.message}`);
  if (result.status !== 0) fail(`The build failed (swc exit code ${result.status}):\n${output}`);
  say(output.split('\n').pop() || 'Build done.');
  say('Building the staff console (apps/console) with Vite into dist/console …');
  const vite = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/console/vite.config.mjs', '--logLevel', 'warn'], { cwd: ROOT, env, encoding: 'utf8' });
  if (vite.error) fail(`The console build could not run: ${vite.error.message}`);
  if (vite.status !== 0) fail(`The console build failed (vite exit code ${vite.status}):\n${vite.stdout || ''}${vite.stderr || ''}`);
}

function entryPoint(app) {
  return path.join('dist', 'apps', app, 'src', 'main.js');
}

function checkEntryPoints() {
  const missing = [...SERVICES, GATEWAY].filter((app) => !fs.existsSync(path.join(ROOT, entryPoint(app))));
  if (missing.length) {
    fail(
      `The build produced no entry point for: ${missing.join(', ')}.\n` +
        missing.map((app) => `  missing ${entryPoint(app)}  (from apps/${app}/src/main.ts)`).join('\n') +
        '\nWrite apps/<app>/src/main.ts, or remove the app from SERVICES in scripts/start.js.',
    );
  }
}

async function checkPorts(gatewayPort) {
  const wanted = [
    ...SERVICES.map((service, index) => ({ port: FIRST_HEALTH_PORT + index, what: `${service}'s HEALTH_PORT` })),
    { port: gatewayPort, what: 'the gateway PORT (set PORT to use another)' },
  ];
  for (const { port, what } of wanted) {
    if (!(await portIsFree(port))) fail(`Port ${port}, ${what}, is already in use. Is another \`npm start\` running?`);
  }
}

// ─── 2. PostgreSQL ────────────────────────────────────────────────────────────────────────────

/** Resolves to null when `select 1` answers at `url`, else to the error. */
async function postgresError(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CHECK_TIMEOUT_MS, query_timeout: CHECK_TIMEOUT_MS });
  client.on('error', () => {}); // a connection dropped mid-check is reported through the failed query
  try {
    await withTimeout(client.connect().then(() => client.query('select 1')), CHECK_TIMEOUT_MS + 500, 'PostgreSQL');
    return null;
  } catch (error) {
    return error;
  } finally {
    client.end().catch(() => {});
  }
}

/** Decides where the databases live: { kind: 'server', url } or { kind: 'pglite' }. */
async function choosePostgres() {
  if (process.env.SERVICE_DATABASE_URL) {
    warn('SERVICE_DATABASE_URL is set for this whole run; it is per service and is ignored here.');
    delete process.env.SERVICE_DATABASE_URL;
  }
  const configured = process.env.DATABASE_URL;
  const url = configured || DEFAULT_DATABASE_URL;
  const error = await postgresError(url);
  if (!error) {
    process.env.DATABASE_URL = url;
    say(`PostgreSQL: ${redact(url)} answers${configured ? '' : ' (DATABASE_URL not set; the local default)'}.`);
    return { kind: 'server', url };
  }
  if (configured) {
    fail(
      `DATABASE_URL=${redact(url)} does not answer: ${errorText(error)}.\n` +
        'Start that PostgreSQL server or fix DATABASE_URL. (Unset DATABASE_URL to fall back to the local ' +
        'server at 127.0.0.1:5432, or to embedded PostgreSQL when none runs there.)',
    );
  }
  say(`PostgreSQL: DATABASE_URL is not set and ${redact(url)} does not answer (${errorText(error)}).`);
  return { kind: 'pglite' };
}

/** Refuses to open the PGlite data while another live start process has it open. */
function lockPgliteData() {
  fs.mkdirSync(PGLITE_DIR, { recursive: true });
  try {
    const pid = Number(fs.readFileSync(PGLITE_LOCK, 'utf8'));
    if (pid && pid !== process.pid) {
      process.kill(pid, 0); // throws when that process is gone
      fail(`The embedded PostgreSQL data in ${path.relative(ROOT, PGLITE_DIR)} is in use by process ${pid} (another \`npm start\`?).`);
    }
  } catch (error) {
    if (error instanceof StartError) throw error; // ENOENT / ESRCH: no lock or a stale one
  }
  fs.writeFileSync(PGLITE_LOCK, String(process.pid));
  state.lockHeld = true;
}

/** Starts a socket server for `db` on the first free port from `port`; resolves to { server, port }. */
async function listenFromPort(db, port) {
  const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
  for (let candidate = port; candidate < port + 100; candidate += 1) {
    // maxConnections 1 (the default, explicit here): see the PGlite finding at the top.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: candidate, maxConnections: 1 });
    try {
      await server.start();
      return { server, port: candidate };
    } catch (error) {
      if (error.code !== 'EADDRINUSE') throw error;
    }
  }
  fail(`No free port for embedded PostgreSQL between ${port} and ${port + 99}.`);
}

/**
 * Opens the service's PGlite data directory. A first start creates it beside the final place and moves
 * it there when complete, so an interrupted first start (Ctrl-C during the ~10 s initdb) leaves no
 * half-made data directory behind.
 */
async function openPglite(PGlite, service) {
  const dataDir = path.join(PGLITE_DIR, service);
  const shown = path.relative(ROOT, dataDir);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length) {
      fail(`${shown} is not an embedded PostgreSQL data directory (no PG_VERSION). Move it away and start again.`);
    }
    say(`  ${service}: creating its embedded database in ${shown} (first start, ~10 s) …`);
    const creating = `${dataDir}.creating`;
    fs.rmSync(creating, { recursive: true, force: true });
    const fresh = await PGlite.create({ dataDir: creating });
    await fresh.close();
    fs.rmSync(dataDir, { recursive: true, force: true }); // an empty directory at most
    fs.renameSync(creating, dataDir);
  }
  return PGlite.create({ dataDir, extensions: pgliteExtensions() });
}

/**
 * The contrib extensions a service's migrations create: PGlite ships them as separate modules that
 * must be handed to each instance (identity's member directory needs unaccent and pg_trgm).
 */
function pgliteExtensions() {
  const { unaccent } = require('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');
  return { unaccent, pg_trgm };
}

/** One PGlite per service (PGlite holds one database per instance); fills state.pglite. */
async function startPglite() {
  warn(
    'No PostgreSQL configured or answering: using EMBEDDED PostgreSQL (PGlite), one instance per service, ' +
      `data kept in ${path.relative(ROOT, PGLITE_DIR)}/<service>. Fine for trying WEOP; for real use set ` +
      'DATABASE_URL to a PostgreSQL server. Each service gets one database connection.',
  );
  const { PGlite } = require('@electric-sql/pglite');
  lockPgliteData();
  let nextPort = FIRST_PGLITE_PORT;
  for (const service of SERVICES) {
    const entry = { service, db: await openPglite(PGlite, service), server: null, url: null };
    state.pglite.push(entry);
    const { server, port } = await listenFromPort(entry.db, nextPort);
    entry.server = server;
    entry.url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    nextPort = port + 1;
    say(`  ${service}: embedded PostgreSQL at ${entry.url}`);
  }
}

async function stopPglite() {
  const running = state.pglite.splice(0);
  if (running.length) say('Stopping embedded PostgreSQL …');
  await Promise.all(
    running.map(async ({ service, db, server }) => {
      try {
        if (server) await withTimeout(server.stop(), 5000, `${service} PGlite server`);
        await withTimeout(db.close(), 10000, `${service} PGlite`);
      } catch (error) {
        warn(`Embedded PostgreSQL of ${service} did not close cleanly: ${errorText(error)}`);
      }
    }),
  );
  if (state.lockHeld) fs.rmSync(PGLITE_LOCK, { force: true });
  state.lockHeld = false;
}

// ─── 3. NATS ──────────────────────────────────────────────────────────────────────────────────

/** nats.js reports "JetStream is not enabled" as a 503 answer to the JetStream API. */
function jetStreamOff(error) {
  return String(error && error.code) === '503' || /jetstream not enabled|not enabled/i.test(errorText(error));
}

async function checkNats() {
  const { connect } = require('nats');
  const url = process.env.NATS_URL || DEFAULT_NATS_URL;
  process.env.NATS_URL = url;
  let nc;
  let version = 'unknown';
  try {
    nc = await withTimeout(connect({ servers: url, timeout: CHECK_TIMEOUT_MS, reconnect: false }), CHECK_TIMEOUT_MS + 500, 'NATS');
  } catch (error) {
    fail(`NATS at ${redact(url)} does not answer (${errorText(error)}).\n${NATS_HOWTO}`);
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout: CHECK_TIMEOUT_MS });
    await withTimeout(jsm.getAccountInfo(), CHECK_TIMEOUT_MS + 500, 'JetStream');
    version = nc.info ? nc.info.version : version;
  } catch (error) {
    fail(
      `NATS at ${redact(url)} answers, but JetStream is not available (${jetStreamOff(error) ? 'it is not enabled on that server' : errorText(error)}).\n` +
        'Restart nats-server with JetStream on: add `-js` (and `-sd <dir>` for where it keeps streams), e.g.\n' +
        '  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
    );
  } finally {
    await nc.close().catch(() => {});
  }
  say(`NATS: ${redact(url)} answers, JetStream on (nats-server ${version}).`);
}

// ─── 4. apps ──────────────────────────────────────────────────────────────────────────────────

function serviceEnv(service, index) {
  const env = { HEALTH_PORT: String(FIRST_HEALTH_PORT + index) };
  const embedded = state.pglite.find((entry) => entry.service === service);
  if (embedded) {
    Object.assign(env, { SERVICE_DATABASE_URL: embedded.url, WEOP_DB_POOL_MAX: '1', WEOP_DB_LISTEN: 'false' });
  }
  return env;
}

function commands(gatewayPort) {
  // `exec` lets node replace the shell concurrently spawns, so signals and exit codes are the app's own.
  const exec = process.platform === 'win32' ? '' : 'exec ';
  // The flags every app runs with (scripts/app-node-flags.json; why: docs/operations.md, "Node flags").
  const command = (app) => `${exec}node --enable-source-maps ${APP_NODE_FLAGS.join(' ')} ${entryPoint(app)}`;
  return [
    ...SERVICES.map((service, index) => ({
      name: service,
      command: command(service),
      env: serviceEnv(service, index),
      prefixColor: SERVICE_COLORS[index % SERVICE_COLORS.length],
    })),
    { name: GATEWAY, command: command(GATEWAY), env: { PORT: String(gatewayPort) }, prefixColor: GATEWAY_COLOR },
  ];
}

function startApps(gatewayPort) {
  const { concurrently } = require('concurrently');
  say(`Starting ${[...SERVICES, GATEWAY].join(', ')} …`);
  state.appsStarted = true;
  // concurrently forwards SIGINT/SIGTERM/SIGHUP to every app; `result` settles when all have exited.
  const { result } = concurrently(commands(gatewayPort), {
    cwd: ROOT,
    prefix: 'name',
    padPrefix: true,
    killOthersOn: ['failure'], // the non-deprecated name of `killOthers`
    restartTries: 0,
  });
  return result.then(
    () => true,
    () => false,
  );
}

// ─── 5. readiness ─────────────────────────────────────────────────────────────────────────────

/** Polls the gateway until it is ready, the apps have exited (`finished.done`), or 60 s pass. */
async function waitForGateway(port, finished) {
  const url = `http://127.0.0.1:${port}/health/ready`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !finished.done) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(READY_POLL_MS * 2) });
      if (response.status === 200) return printWelcome(port);
    } catch {
      // not up yet
    }
    await sleep(READY_POLL_MS);
  }
  if (!finished.done) {
    warn(`The gateway did not answer ${url} with 200 within ${READY_TIMEOUT_MS / 1000} s; the apps keep running, see their output above.`);
  }
}

function printWelcome(port) {
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    'WEOP is ready.',
    `  API base      ${base}/api/v1`,
    `  API docs      ${base}/api/docs`,
    `  Staff console ${base}/console/`,
    `  Health        ${base}/health/ready`,
    `  Admin login   ${process.env.WEOP_ADMIN_EMAIL}`,
    `  Database      ${state.pglite.length ? `embedded PostgreSQL (PGlite) in ${path.relative(ROOT, PGLITE_DIR)}` : redact(process.env.DATABASE_URL)}`,
    `  NATS          ${redact(process.env.NATS_URL)}`,
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.map((line) => (line ? `[start] ${line}` : line)).join('\n'));
}

// ─── shutdown and main ────────────────────────────────────────────────────────────────────────

function onSignal(signal) {
  state.signals += 1;
  if (state.signals > 1) {
    console.error(`[start] ${signal} again: exiting without waiting.`);
    process.exit(1);
  }
  state.stopping = true;
  if (state.appsStarted) {
    say(`${signal}: stopping the apps …`); // concurrently sends the signal on to them
  } else {
    say(`${signal}: stopping …`);
    const code = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal] || 1;
    stopPglite().finally(() => process.exit(code));
  }
}

async function main() {
  process.chdir(ROOT);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);

  applyDevDefaults();
  const gatewayPort = parsePort(process.env.PORT || '3000', 'PORT');
  parsePort(String(FIRST_HEALTH_PORT + SERVICES.length - 1), 'HEALTH_PORT_BASE');
  // WEOP_START_BUILD=skip runs what dist/ already holds (`npm run build` made it; the start-up test does this).
  if (process.env.WEOP_START_BUILD === 'skip') say('Using the build in dist/ as it is (WEOP_START_BUILD=skip).');
  else build();
  checkEntryPoints();
  await checkPorts(gatewayPort);
  const postgres = await choosePostgres();
  await checkNats();
  if (postgres.kind === 'pglite') await startPglite();
  if (state.stopping) return; // a signal arrived during start-up; onSignal finishes

  const finished = { done: false };
  const appsSucceeded = startApps(gatewayPort).finally(() => {
    finished.done = true;
  });
  waitForGateway(gatewayPort, finished);
  const ok = await appsSucceeded;

  await stopPglite();
  if (state.stopping) say('Stopped.');
  else if (!ok) console.error('[start] An app exited with an error; everything was stopped (see its output above).');
  process.exit(ok || state.stopping ? 0 : 1);
}

main().catch(async (error) => {
  console.error(error instanceof StartError ? `\n[start] ${error.message}\n` : error);
  await stopPglite().catch(() => {});
  process.exit(1);
});
