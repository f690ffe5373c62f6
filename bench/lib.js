/*
 * bench/lib.js — what bench/run.js (`npm run bench`), bench/search.js (`npm run bench:search`),
 * bench/sanctions.js (`npm run bench:sanctions`), bench/ranking.js and bench/replicas.js share:
 * starting the built apps from dist/ as child processes on bench-only names (database prefix `weop_bench`,
 * NATS namespace `bench<random>`), waiting for them to be ready, reading /proc for who used the CPU, and
 * stopping everything and removing the bench's databases and streams — once, whatever ends the run
 * (success, failure, Ctrl-C).
 *
 * Each bench script is its own process, so the module-level `state` below is that run's state.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_DIR = path.join(__dirname, 'results');
const APP_NODE_FLAGS = require('../scripts/app-node-flags.json');
const DIST = path.join(ROOT, 'dist');
const APP_ENTRY = (app, dist = DIST) => path.join(dist, 'apps', app, 'src', 'main.js');

/**
 * BENCH_DATABASE_PREFIX (default `weop_bench`): a bench that may run beside another one sets its own before
 * requiring this file (bench/sanctions.js uses `weop_bench_sanctions`), so that neither drops the other's databases.
 */
const DATABASE_PREFIX = process.env.BENCH_DATABASE_PREFIX || 'weop_bench';
if (!/^[a-z][a-z0-9_]{0,40}$/.test(DATABASE_PREFIX)) throw new Error(`BENCH_DATABASE_PREFIX=${DATABASE_PREFIX} must be a lowercase identifier`);
/** libs/persistence: each service's database is `<prefix>_<service>`. */
const databaseOf = (service) => `${DATABASE_PREFIX}_${service.replace(/-/g, '_')}`;
const SERVER_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const NAMESPACE = `bench${crypto.randomBytes(4).toString('hex')}`;
/** libs/messaging/src/naming.ts: `<namespace, dashes as underscores>_WEOP_<PRODUCER>`. */
const STREAM_PREFIX = `${NAMESPACE.replace(/-/g, '_')}_WEOP_`;
/** An object store's stream is `OBJ_<bucket>`, and the file-transfer bucket is named like a stream. */
const OBJECT_STREAM_PREFIX = `OBJ_${STREAM_PREFIX}`;

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 8_000;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

class BenchError extends Error {}

const say = (message) => console.log(`[bench] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round2 = (n) => Math.round(n * 100) / 100;
const round3 = (n) => Math.round(n * 1000) / 1000;
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
/** The middle value (the mean of the two middle ones for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new BenchError(`${name}=${raw} must be a positive whole number`);
  return value;
}

/** BENCH_LOG_LEVEL: the apps' LOG_LEVEL (default warn: a log line per request would be measured too). */
function logLevel() {
  const level = process.env.BENCH_LOG_LEVEL || 'warn';
  if (!LOG_LEVELS.includes(level)) throw new BenchError(`BENCH_LOG_LEVEL=${level} is not a pino level`);
  return level;
}

// ─── what is running, for shutdown ────────────────────────────────────────────────────────────

const state = {
  /** name → { name, proc, exit: Promise<{code, signal}>, exited, logFile, profileFile } */
  children: new Map(),
  /** Called first when stopping (e.g. to stop a load generator mid-run). */
  onStop: new Set(),
  /** Databases this run may have created: dropped at the end, and their backends counted as infrastructure. */
  databases: new Set(),
  stopping: undefined,
};

function track(name, proc, logFile, profileFile) {
  const child = { name, proc, exited: false, logFile, profileFile };
  child.exit = new Promise((resolve) => {
    proc.once('exit', (code, signal) => {
      child.exited = true;
      resolve({ code, signal });
    });
  });
  state.children.set(name, child);
  return child;
}

function logTail(child, lines = 25) {
  try {
    const text = fs.readFileSync(child.logFile, 'utf8').trimEnd();
    if (!text) return `(${path.relative(ROOT, child.logFile)} is empty)`;
    return text.split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
  } catch {
    return '(no log)';
  }
}

function exitedError(child, result) {
  return new BenchError(`${child.name} exited (${result.signal ?? `code ${result.code}`}). Last lines of ${path.relative(ROOT, child.logFile)}:\n${logTail(child)}`);
}

/** Rejects as soon as any child exits: raced against every wait, so a crash never looks like a hang. */
function anyChildExit() {
  return Promise.race([...state.children.values()].map((c) => c.exit.then((r) => Promise.reject(exitedError(c, r)))));
}

// ─── starting things ──────────────────────────────────────────────────────────────────────────

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

/** The apps' environment: this one, minus what would point them elsewhere or seed an admin, plus the bench's. */
function appEnv(extra, level) {
  const env = { ...process.env };
  for (const name of ['WEOP_ADMIN_EMAIL', 'WEOP_ADMIN_PASSWORD', 'SERVICE_DATABASE_URL', 'PORT', 'HOST', 'HEALTH_PORT']) delete env[name];
  return {
    ...env,
    DATABASE_URL: SERVER_URL,
    NATS_URL,
    WEOP_DATABASE_PREFIX: DATABASE_PREFIX,
    WEOP_NATS_NAMESPACE: NAMESPACE,
    LOG_LEVEL: level,
    ...extra,
  };
}

/**
 * Starts dist/apps/<app>/src/main.js (or the same app of another build: `dist`, a build's folder inside the
 * checkout, so that it finds node_modules), tracked as `name`; its output goes to bench/results/<name>.log.
 */
function startApp(app, env, { cpuProfileDir, dist = DIST, name = app } = {}) {
  const logFile = path.join(RESULTS_DIR, `${name}.log`);
  const fd = fs.openSync(logFile, 'w');
  // The flags every app runs with as deployed (scripts/app-node-flags.json), so the bench measures that.
  const execArgs = [...APP_NODE_FLAGS];
  let profileFile;
  if (cpuProfileDir) {
    profileFile = path.join(cpuProfileDir, `${name}.cpuprofile`);
    fs.rmSync(profileFile, { force: true });
    execArgs.push('-r', path.join(__dirname, 'cpu-profile.js'));
    env = { ...env, BENCH_CPU_PROFILE_FILE: profileFile };
  }
  try {
    const proc = spawn(process.execPath, [...execArgs, APP_ENTRY(app, dist)], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
    return track(name, proc, logFile, profileFile);
  } finally {
    fs.closeSync(fd);
  }
}

async function waitForReady(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  const crashed = anyChildExit();
  crashed.catch(() => undefined);
  for (;;) {
    const answer = await Promise.race([
      fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        async (res) => ({ status: res.status, body: await res.text() }),
        (error) => ({ status: 0, body: error.cause?.code ?? error.message }),
      ),
      crashed,
    ]);
    if (answer.status === 200) return;
    last = `${answer.status || ''} ${answer.body}`.trim();
    if (Date.now() > deadline) throw new BenchError(`${url} was not ready within ${READY_TIMEOUT_MS / 1000} s (last answer: ${last.slice(0, 300)})`);
    await sleep(250);
  }
}

/**
 * Before anything starts: the apps are built, PostgreSQL and NATS answer, and leftovers of a run killed before
 * its cleanup are gone. No FORCE on the drop: if another bench is connected right now, say so rather than
 * pull the database from under that run.
 */
async function preflight(apps, databases) {
  const missing = apps.map((app) => APP_ENTRY(app)).filter((f) => !fs.existsSync(f));
  if (missing.length) throw new BenchError(`${missing.map((f) => path.relative(ROOT, f)).join(' and ')} not found: run \`npm run build\` first.`);

  const { Client } = require('pg');
  const client = new Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new BenchError(`PostgreSQL at ${SERVER_URL} does not answer (${error.code ?? error.message}). Start it (see README) or set DATABASE_URL.`);
  }
  try {
    for (const name of databases) {
      await client.query(`drop database if exists "${name}"`).catch((error) => {
        throw new BenchError(`could not drop the leftover database ${name} (${error.message}); is another bench running?`);
      });
    }
  } finally {
    await client.end();
  }

  const { connect } = require('nats');
  const nc = await connect({ servers: NATS_URL, timeout: 3000 }).catch((error) => {
    throw new BenchError(`NATS at ${NATS_URL} does not answer (${error.code ?? error.message}). Start it (see README) or set NATS_URL.`);
  });
  await nc.close();
}

// ─── CPU accounting (Linux /proc; left out elsewhere): who used the CPU during a measured run ────

const TICKS_PER_SECOND = 100; // USER_HZ, what /proc reports in on Linux

/** A process's CPU so far, in ticks: in all, and the part spent in the kernel on its behalf (system calls, its sockets). */
function processTimes(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return { total: user + system, system };
  } catch {
    return undefined;
  }
}

const processTicks = (pid) => processTimes(pid)?.total;

function machineTicks() {
  try {
    const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, idle: values[3] + values[4] };
  } catch {
    return undefined;
  }
}

/**
 * The shared servers a request also keeps busy: nats-server (shared with whatever else uses it) and the
 * PostgreSQL backends connected to the bench's databases (their process title names the database).
 */
const INFRASTRUCTURE = ['nats-server', 'postgres'];

function isInfrastructure(pid, comm) {
  if (comm === 'nats-server') return true;
  if (comm !== 'postgres') return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return [...state.databases].some((name) => cmdline.includes(` ${name} `));
  } catch {
    return false;
  }
}

function infrastructureTicks() {
  const ticks = {};
  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    let comm;
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (!isInfrastructure(pid, comm)) continue;
    const t = processTicks(pid);
    if (t !== undefined) ticks[`${comm}/${pid}`] = t;
  }
  return ticks;
}

function cpuSnapshot() {
  const children = {};
  const childrenSystem = {};
  for (const child of state.children.values()) {
    if (child.exited) continue;
    const times = processTimes(child.proc.pid);
    children[child.name] = times?.total;
    childrenSystem[child.name] = times?.system;
  }
  return { at: process.hrtime.bigint(), children, childrenSystem, infrastructure: infrastructureTicks(), runner: process.cpuUsage(), machine: machineTicks() };
}

/**
 * Cores each process kept busy (1.0 = one core all the time), how many of them in the kernel for the bench's
 * own children (`system`), and how busy the whole machine was.
 */
function cpuBetween(a, b) {
  const seconds = Number(b.at - a.at) / 1e9;
  const cores = {};
  const system = {};
  for (const [name, ticks] of Object.entries(b.children)) {
    if (ticks !== undefined && a.children[name] !== undefined) cores[name] = round2((ticks - a.children[name]) / TICKS_PER_SECOND / seconds);
    const inKernel = b.childrenSystem?.[name];
    if (inKernel !== undefined && a.childrenSystem?.[name] !== undefined) system[name] = round3((inKernel - a.childrenSystem[name]) / TICKS_PER_SECOND / seconds);
  }
  cores['load generator'] = round2((b.runner.user - a.runner.user + b.runner.system - a.runner.system) / 1e6 / seconds);
  for (const program of INFRASTRUCTURE) {
    let ticks = 0;
    // A process that appeared meanwhile (a new PostgreSQL backend) spent all its CPU within the interval.
    for (const [key, t] of Object.entries(b.infrastructure)) if (key.startsWith(`${program}/`)) ticks += t - (a.infrastructure[key] ?? 0);
    cores[program] = round2(ticks / TICKS_PER_SECOND / seconds);
  }
  if (!a.machine || !b.machine) return { cores, system };
  const machineBusy = 1 - (b.machine.idle - a.machine.idle) / (b.machine.total - a.machine.total);
  const accounted = Object.values(cores).reduce((x, y) => x + y, 0);
  // Whatever else ran on the machine meanwhile (other users' jobs): the noise this bench cannot remove.
  cores['everything else'] = round2(Math.max(0, machineBusy * os.cpus().length - accounted));
  return { cores, system, machineBusy: round2(machineBusy) };
}

/** The machine, as the results files record it. */
function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round2(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtEnd: os.loadavg() };
}

// ─── stopping and cleaning up ─────────────────────────────────────────────────────────────────

async function stopChild(child) {
  if (child.exited) return;
  if (child.profileFile) {
    child.proc.kill('SIGUSR2');
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(child.profileFile) && !child.exited && Date.now() < deadline) await sleep(100);
    if (fs.existsSync(child.profileFile)) say(`CPU profile of ${child.name}: ${path.relative(process.cwd(), child.profileFile)}`);
  }
  child.proc.kill('SIGTERM');
  const stopped = await Promise.race([child.exit.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
  if (!stopped) {
    console.error(`[bench] ${child.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
    child.proc.kill('SIGKILL');
    await child.exit;
  }
}

async function dropDatabase(name) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/** The namespace's event streams and the object-store streams of its file transfers. */
async function deleteStreams() {
  const { connect } = require('nats');
  const nc = await connect({ servers: NATS_URL, timeout: 3000 });
  try {
    const jsm = await nc.jetstreamManager();
    const names = [];
    for await (const stream of jsm.streams.list()) {
      const name = stream.config.name;
      if (name.startsWith(STREAM_PREFIX) || name.startsWith(OBJECT_STREAM_PREFIX)) names.push(name);
    }
    for (const name of names) await jsm.streams.delete(name);
    return names;
  } finally {
    await nc.close();
  }
}

/**
 * Stops everything and removes the bench's databases and streams; runs once, whatever called it. The gateway
 * stops first (it calls the services), then the rest, latest started first.
 */
function cleanup() {
  state.stopping ??= (async () => {
    const problems = [];
    for (const stop of state.onStop) {
      try {
        stop();
      } catch (error) {
        problems.push(`stopping the load: ${error.message}`);
      }
    }
    const names = [...state.children.keys()].reverse();
    const order = [...names.filter((n) => n === 'gateway'), ...names.filter((n) => n !== 'gateway')];
    for (const name of order) await stopChild(state.children.get(name)).catch((error) => problems.push(`stopping ${name}: ${error.message}`));
    if (state.databases.size) {
      for (const name of state.databases) {
        await dropDatabase(name).then(
          () => say(`dropped database ${name}`),
          (error) => problems.push(`dropping ${name}: ${error.message}`),
        );
      }
      await deleteStreams().then(
        (names) => say(`deleted ${names.length} stream(s) of namespace ${NAMESPACE}${names.length ? ` (${names.join(', ')})` : ''}`),
        (error) => problems.push(`deleting the streams of ${NAMESPACE}: ${error.message}`),
      );
    }
    for (const p of problems) console.error(`[bench] cleanup: ${p}`);
    return problems;
  })();
  return state.stopping;
}

/**
 * Runs a bench's main (which resolves to its exit code), then cleans up and exits with that code (1 if the
 * cleanup failed). Ctrl-C / SIGTERM clean up too and exit 130; no child outlives this process.
 */
function runMain(main) {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (interrupted) return; // a second Ctrl-C while cleaning up: keep cleaning up
      interrupted = true;
      console.error(`\n[bench] ${signal}: stopping everything and cleaning up …`);
      cleanup().finally(() => process.exit(130));
    });
  }
  // Last resort: whatever happens, no child outlives this process.
  process.on('exit', () => {
    for (const child of state.children.values()) if (!child.exited) child.proc.kill('SIGKILL');
  });

  main()
    .catch((error) => {
      if (interrupted) return new Promise(() => undefined); // the signal handler finishes and exits
      console.error(`[bench] FAILED: ${error instanceof BenchError ? error.message : error.stack ?? error}`);
      return 1;
    })
    .then(async (code) => {
      if (interrupted) return;
      const problems = await cleanup();
      process.exit(code || (problems.length ? 1 : 0));
    });
}

/** The bench member's password (a bench-only account in a bench-only database). */
const MEMBER_PASSWORD = 'Bench-steppe-wind-2024';

/** One call to the API; the parsed answer, or a BenchError naming the call and its answer. */
async function call(base, method, pathname, { body, token, timeoutMs = 10_000 } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  if (!res.ok) throw new BenchError(`${method} ${pathname} answered ${res.status}: ${text.slice(0, 400)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Registers and signs in one member; keeps her access token fresh for as long as the bench runs. */
async function createMember(gatewayUrl) {
  const email = `member-${crypto.randomBytes(4).toString('hex')}@bench.example.org`;
  const { id } = await call(gatewayUrl, 'POST', '/api/v1/auth/register', {
    body: { email, password: MEMBER_PASSWORD, fullName: 'Aigerim Bekova', displayName: 'Aigerim', country: 'KZ' },
  });
  let tokens = await call(gatewayUrl, 'POST', '/api/v1/auth/login', { body: { email, password: MEMBER_PASSWORD } });
  let expiresAt = Date.now() + tokens.expiresIn * 1000;
  await call(gatewayUrl, 'PATCH', '/api/v1/me/profile', {
    token: tokens.accessToken,
    body: {
      bio: 'Founder of a women-led dried-fruit cooperative in the Almaty region; mentors first-time exporters across the CAREC corridor.',
      organization: 'Steppe Orchards Cooperative',
      city: 'Almaty',
      showCity: true,
      languages: ['kk', 'ru', 'en'],
      expertise: ['export logistics', 'cooperative finance', 'food safety certification'],
      showLegalName: true,
    },
  });
  return {
    id,
    /** An access token valid for at least `seconds` more (rotated through /auth/refresh when needed). */
    async token(seconds) {
      if (expiresAt - Date.now() < (seconds + 30) * 1000) {
        tokens = await call(gatewayUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
        expiresAt = Date.now() + tokens.expiresIn * 1000;
      }
      return tokens.accessToken;
    },
  };
}

module.exports = {
  call,
  createMember,
  processTimes,
  TICKS_PER_SECOND,
  ROOT,
  RESULTS_DIR,
  DATABASE_PREFIX,
  SERVER_URL,
  NATS_URL,
  NAMESPACE,
  STREAM_PREFIX,
  BenchError,
  say,
  sleep,
  round2,
  mean,
  round3,
  median,
  positiveInt,
  logLevel,
  databaseOf,
  state,
  track,
  exitedError,
  anyChildExit,
  freePort,
  appEnv,
  startApp,
  waitForReady,
  preflight,
  cpuSnapshot,
  cpuBetween,
  machine,
  APP_ENTRY,
  APP_NODE_FLAGS,
  cleanup,
  runMain,
};
