#!/usr/bin/env node
/*
 * bench/run.js — `npm run bench`: how much the platform costs compared with doing the same thing by hand.
 * Run it after `npm run build` (it builds nothing; it runs dist/). One run does everything:
 *
 *   1. starts identity and the gateway from dist/ as child processes, on bench-only names: database prefix
 *      `weop_bench` (so database `weop_bench_identity`), NATS namespace `bench<random>`, LOG_LEVEL=warn, a free
 *      gateway port, the general rate limit out of the way (RATE_LIMIT_PER_MINUTE=100000000), no admin seed,
 *      WEOP_SERVICES=identity (readiness asks only the service that runs); waits for GET /health/ready = 200;
 *   2. registers one member through the API, logs in, fills in her profile;
 *   3. starts the baselines (bench/baseline-server.js, each its own process): raw Fastify answering
 *      GET /hello, a bare Nest-on-Fastify application answering GET /hello (pair (1)'s reference: what Nest
 *      itself costs), and raw Fastify + pg (Pool, max 10) answering GET /profiles/:id with one query on
 *      identity's tables, prepared once per connection as identity's is, and the same JSON as identity;
 *   4. measures two pairs with autocannon: each side is warmed up once (BENCH_WARMUP s, default 5), then
 *      BENCH_ROUNDS rounds (default 5) run each side for BENCH_DURATION s (default 8), each after BENCH_SETTLE s
 *      (default 2) of unmeasured load that brings it back to steady state, the two sides back to back in
 *      alternating order, so that each round's two runs see the machine in about the same state:
 *        (1) gateway GET /health/live — the gateway's whole HTTP stack — vs baseline GET /hello, with bare
 *            Nest's GET /hello run in the same rounds as a reference (its ratio to the baseline, and the
 *            gateway's to it, are printed beside the pair's);
 *        (2) gateway GET /api/v1/profiles/{id} with a bearer token — gateway → NATS → identity →
 *            PostgreSQL — vs baseline GET /profiles/:id;
 *      every response must be 2xx (no non-2xx, no errors, no timeouts), else the run fails;
 *      Each pair is measured at each of its loads in turn (connections: pair (1) 20, pair (2) 10, 20, 40, 80);
 *   5. prints, per load, requests/s, p50, p99 (means over the rounds) and the ratio platform/baseline of
 *      requests/s: the median of the rounds' ratios (on a shared machine whose speed swings within seconds,
 *      one round can be far off; the median is not moved by it), with the ratio of the means beside it. Then
 *      each pair's verdict against its target ((1) ≥ 0.8, (2) ≥ 0.5): at one load that load's ratio, at
 *      several the ratio of the sides' capacities (each side's highest req/s over the loads; see `verdicts`).
 *      It writes the same as JSON to bench/results/latest.json. From /proc it also
 *      reports the cores each process kept busy during each run (apps, nats-server, the PostgreSQL backends
 *      of the bench database, the load generator, everything else on the machine), the serving side's
 *      CPU ms per request, which moves less than requests/s with the machine's noise, and the part of the
 *      CPU of the processes it started that went to the kernel (system calls);
 *   6. stops every child (also on Ctrl-C and on failure), drops `weop_bench_identity` and deletes the
 *      namespace's JetStream streams. Exits 1 when the run failed, 0 otherwise (a target not met is a
 *      result, not a failure; BENCH_ENFORCE_TARGETS=1 makes it exit 2).
 *
 * Environment: BENCH_DURATION (s per run, default 8), BENCH_ROUNDS (default 5), BENCH_SETTLE (s, default 2), BENCH_CONNECTIONS (the loads
 * of every pair, one number or a list such as 10,20,40,80; by default pair (1) runs at 20 connections and pair (2) at 10, 20, 40 and 80), BENCH_WARMUP (s, default 5),
 * BENCH_PAIRS (default "1,2"), BENCH_LOG_LEVEL (the apps' LOG_LEVEL, default warn), BENCH_CPU_PROFILE=<dir>
 * (write the gateway's and identity's CPU profiles there, see bench/cpu-profile.js), BENCH_ENFORCE_TARGETS,
 * DATABASE_URL (PostgreSQL server, default postgresql://postgres@127.0.0.1:5432/postgres), NATS_URL
 * (default nats://127.0.0.1:4222). The apps' output goes to bench/results/<app>.log. Results:
 * docs/performance.md. Starting, CPU accounting and cleanup are shared with bench/search.js (`npm run bench:search`,
 * search latency over generated content) in bench/lib.js.
 */
'use strict';

const assert = require('node:assert');
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
const { fork } = require('node:child_process');
const {
  ROOT, RESULTS_DIR, SERVER_URL, NAMESPACE, BenchError, say, round2, round3, mean, median, positiveInt, logLevel, databaseOf, state, track, exitedError,
  anyChildExit, freePort, appEnv, startApp, waitForReady, preflight, cpuSnapshot, cpuBetween, machine, APP_NODE_FLAGS, runMain, createMember,
} = require('./lib');

const RESULTS_FILE = path.join(RESULTS_DIR, 'latest.json');
const DATABASE_NAME = databaseOf('identity');

const WARMUP_SECONDS = 5;
const ROUNDS = 5;

/**
 * The loads (autocannon connections) each pair is measured at, unless BENCH_CONNECTIONS names them for every
 * pair: one number, or a list such as `10,20,40,80`. Pair (2) is judged on capacity, so by default it is
 * measured at several loads: the platform batches more of its work as more requests are in flight and
 * serves most at a higher load than the baseline, which does one query and one write per request
 * (docs/performance.md, "How a pair is judged"). Both of pair (1)'s servers keep a core busy from 10
 * connections on, so one load shows what each can serve.
 */
const DEFAULT_CONNECTIONS = { 1: [20], 2: [10, 20, 40, 80] };

function connectionLevels() {
  const raw = process.env.BENCH_CONNECTIONS;
  if (raw === undefined || raw === '') return undefined;
  const levels = raw.split(',').map((v) => v.trim());
  if (levels.some((v) => !/^[1-9][0-9]*$/.test(v))) throw new BenchError(`BENCH_CONNECTIONS=${raw} must be a positive whole number or a comma-separated list of them`);
  return [...new Set(levels.map(Number))];
}

function settings() {
  const pairs = (process.env.BENCH_PAIRS || '1,2').split(',').map((p) => p.trim()).filter(Boolean);
  if (pairs.length === 0 || pairs.some((p) => p !== '1' && p !== '2')) throw new BenchError(`BENCH_PAIRS=${process.env.BENCH_PAIRS} must list 1 and/or 2`);
  return {
    durationSeconds: positiveInt('BENCH_DURATION', 8),
    connections: connectionLevels(),
    warmupSeconds: positiveInt('BENCH_WARMUP', WARMUP_SECONDS),
    settleSeconds: positiveInt('BENCH_SETTLE', 2),
    rounds: positiveInt('BENCH_ROUNDS', ROUNDS),
    pairs: pairs.map(Number),
    logLevel: logLevel(),
    cpuProfileDir: process.env.BENCH_CPU_PROFILE ? path.resolve(process.env.BENCH_CPU_PROFILE) : undefined,
    enforceTargets: ['1', 'true', 'yes'].includes(String(process.env.BENCH_ENFORCE_TARGETS).toLowerCase()),
  };
}

// ─── the baselines ────────────────────────────────────────────────────────────────────────────

/** Starts a baseline server (bench/baseline-server.js) and returns its URL once it listens. */
async function startBaseline(mode, env) {
  const name = `baseline-${mode}`;
  const logFile = path.join(RESULTS_DIR, `${name}.log`);
  const fd = fs.openSync(logFile, 'w');
  let child;
  try {
    // With the apps' Node flags (scripts/app-node-flags.json): every side runs on the same runtime settings.
    const proc = fork(path.join(__dirname, 'baseline-server.js'), [mode], { cwd: ROOT, env: { ...process.env, ...env }, execArgv: [...APP_NODE_FLAGS], stdio: ['ignore', fd, fd, 'ipc'] });
    child = track(name, proc, logFile);
  } finally {
    fs.closeSync(fd);
  }
  const port = await Promise.race([
    new Promise((resolve) => child.proc.once('message', (m) => resolve(m.port))),
    child.exit.then((r) => Promise.reject(exitedError(child, r))),
  ]);
  return `http://127.0.0.1:${port}`;
}

// ─── measuring ────────────────────────────────────────────────────────────────────────────────

async function fetchJson(url, headers) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200) throw new BenchError(`GET ${url} answered ${res.status}: ${text.slice(0, 400)}`);
  return JSON.parse(text);
}

/** Both sides of a pair must answer the same thing, or the comparison means nothing. */
async function checkSameAnswer(pair, platform, other, otherName = 'baseline') {
  const [a, b] = await Promise.all([fetchJson(platform.url, platform.headers), fetchJson(other.url, other.headers)]);
  try {
    assert.deepStrictEqual(b, a);
  } catch {
    throw new BenchError(`pair (${pair.key}): the ${otherName}'s answer differs from the platform's:\n  platform: ${JSON.stringify(a)}\n  ${otherName}: ${JSON.stringify(b)}`);
  }
}

async function load(target, seconds, connections) {
  const autocannon = require('autocannon');
  const run = autocannon({ url: target.url, headers: target.headers, connections, duration: seconds, timeout: 10 });
  const stop = () => run.stop();
  state.onStop.add(stop);
  try {
    const result = await run;
    if (state.stopping) throw new BenchError('stopped');
    return result;
  } finally {
    state.onStop.delete(stop);
  }
}

/** What autocannon saw that was not a 2xx answer. */
function problemsOf(result) {
  const problems = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, s]) => `${code}×${s.count}`);
    problems.push(`${result.non2xx} non-2xx (${codes.join(', ')})`);
  }
  if (result.errors > 0) problems.push(`${result.errors} errors`);
  if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`);
  if (result['2xx'] === 0) problems.push('no 2xx answer at all');
  return problems;
}

/** CPU the processes serving this side spent per answered request (not the load generator, not the rest of the machine). */
function serverCpuMsPerRequest(run, serving) {
  if (!run.rps) return undefined;
  const cores = serving.reduce((sum, name) => sum + (run.cpu.cores[name] ?? 0), 0);
  return round3((cores / run.rps) * 1000);
}


/**
 * The part of the serving processes' CPU spent in the kernel (system calls: the sockets, waking the other
 * side), over those the bench started itself (/proc does not split the shared nats-server and PostgreSQL here).
 */
function serverKernelShare(run, serving) {
  const own = serving.filter((name) => run.cpu.system?.[name] !== undefined && run.cpu.cores[name] !== undefined);
  const all = own.reduce((sum, name) => sum + run.cpu.cores[name], 0);
  return all > 0 ? round2(own.reduce((sum, name) => sum + run.cpu.system[name], 0) / all) : undefined;
}

/**
 * A pair's verdict against its target. Measured at one load, it is that load's ratio: the median of the rounds'
 * ratios, each round's two runs back to back. Measured at several, it is the ratio of the two sides'
 * capacities: each side's highest mean req/s over the loads, wherever each reaches it. Below its capacity a
 * server under a closed-loop load answers as fast as its latency allows (req/s = connections ÷ latency), so a
 * ratio taken there compares latencies; req/s as a measure of what a server can do is taken where it is
 * saturated. Runs at different loads are minutes apart and cannot be paired, so their means are compared.
 */
function verdicts(results) {
  const pairs = [...new Set(results.map((r) => r.pair))];
  return pairs.map((key) => {
    const mine = results.filter((r) => r.pair === key);
    const valid = mine.every((r) => r.valid);
    const { target } = mine[0];
    if (mine.length === 1) {
      const [only] = mine;
      return { pair: key, target, method: 'one load: median round ratio', connections: only.connections, ratio: only.ratio, valid, met: valid && only.ratio >= target };
    }
    const best = (side) => mine.reduce((a, r) => (r[side].rps > a.rps ? { rps: r[side].rps, connections: r.connections, p50: r[side].p50, p99: r[side].p99 } : a), { rps: 0 });
    const platform = best('platform');
    const baseline = best('baseline');
    const ratio = round3(platform.rps / baseline.rps);
    return { pair: key, target, method: 'capacity: highest req/s of each side over the loads', platform, baseline, ratio, valid, met: valid && ratio >= target };
  });
}

function summary(result) {
  return {
    rps: round2(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function measure(pair, config, failures) {
  const sides = pair.reference ? ['platform', 'baseline', 'reference'] : ['platform', 'baseline'];
  const runs = Object.fromEntries(sides.map((side) => [side, []]));
  const failuresBefore = failures.length;
  const label = { platform: `gateway  ${pair.platformLabel}`, baseline: `baseline ${pair.baselineLabel}`, reference: `ref.     ${pair.referenceLabel}` };
  // Each side is warmed up once (JIT, connection pools, caches); the rounds then follow each other with no pause.
  for (const side of sides) {
    const warm = await load(await pair[side](config.warmupSeconds), config.warmupSeconds, config.connections);
    const problems = problemsOf(warm);
    if (problems.length) failures.push(`pair (${pair.key}) ${side} warm-up: ${problems.join('; ')}`);
  }
  for (let round = 1; round <= config.rounds; round++) {
    // Two sides alternate; three rotate (P B R, B R P, R P B, …), so that every two of them run back to back
    // in most rounds and none is always measured right after the same other one.
    const order = sides.map((_, i) => sides[(i + round - 1) % sides.length]);
    for (const side of order) {
      const target = await pair[side](config.settleSeconds + config.durationSeconds);
      // Back to full load before measuring: after the other side's run, this side's processes were idle.
      const settle = await load(target, config.settleSeconds, config.connections);
      const before = cpuSnapshot();
      const result = await load(target, config.durationSeconds, config.connections);
      const run = { round, ...summary(result), cpu: cpuBetween(before, cpuSnapshot()) };
      run.cpuMsPerRequest = serverCpuMsPerRequest(run, pair.serving[side]);
      run.kernelShare = serverKernelShare(run, pair.serving[side]);
      runs[side].push(run);
      const problems = [...problemsOf(settle).map((p) => `settling: ${p}`), ...problemsOf(result)];
      if (problems.length) failures.push(`pair (${pair.key}) ${side} round ${round}: ${problems.join('; ')}`);
      const busy = Object.entries(run.cpu.cores).filter(([, c]) => c >= 0.05).map(([n, c]) => `${n} ${c.toFixed(2)}`).join(', ');
      say(`(${pair.key}) round ${round} ${label[side].padEnd(52)} ${String(run.rps).padStart(9)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms${problems.length ? `  FAILED: ${problems.join('; ')}` : ''}`);
      const kernel = run.kernelShare === undefined ? '' : `; ${Math.round(run.kernelShare * 100)}% of ${pair.serving[side].filter((n) => run.cpu.system?.[n] !== undefined).join(' + ')}'s in the kernel`;
      say(`    CPU cores busy: ${busy}${run.cpu.machineBusy === undefined ? '' : `; machine ${Math.round(run.cpu.machineBusy * 100)}% busy`}${kernel}`);
    }
  }
  const side = (list) => {
    const cpuCores = {};
    for (const name of Object.keys(list[0].cpu.cores)) cpuCores[name] = round2(mean(list.map((r) => r.cpu.cores[name] ?? 0)));
    const perRequest = list.map((r) => r.cpuMsPerRequest).filter((v) => v !== undefined);
    const kernelShares = list.map((r) => r.kernelShare).filter((v) => v !== undefined);
    return {
      rps: round2(mean(list.map((r) => r.rps))),
      p50: round2(mean(list.map((r) => r.p50))),
      p99: round2(mean(list.map((r) => r.p99))),
      cpuMsPerRequest: perRequest.length ? round3(mean(perRequest)) : undefined,
      kernelShare: kernelShares.length ? round2(mean(kernelShares)) : undefined,
      cpuCores,
      rounds: list,
    };
  };
  const platform = side(runs.platform);
  const baseline = side(runs.baseline);
  // Each round's two runs are back to back, so the machine is in about the same state for both: their ratio
  // is the round's, and the pair's is the median round's, which one round caught in a swing of the machine's
  // speed does not move. The ratio of the means over all rounds is kept beside it.
  const roundRatios = runs.platform.map((p, i) => round3(p.rps / runs.baseline[i].rps));
  const ratio = round3(median(roundRatios));
  // The reference (pair 1: bare Nest) against the baseline, and the platform against the reference, per round too.
  const reference = pair.reference
    ? {
        target: pair.referenceLabel,
        ...side(runs.reference),
        ratioToBaseline: round3(median(runs.reference.map((r, i) => r.rps / runs.baseline[i].rps))),
        platformRatio: round3(median(runs.platform.map((p, i) => p.rps / runs.reference[i].rps))),
      }
    : undefined;
  return {
    pair: pair.key,
    name: pair.name,
    connections: config.connections,
    platformTarget: pair.platformLabel,
    baselineTarget: pair.baselineLabel,
    target: pair.target,
    ratio,
    ratioOfMeans: round3(platform.rps / baseline.rps),
    roundRatios,
    // A pair with any non-2xx answer measured something else than it claims: its ratio counts for nothing.
    valid: failures.length === failuresBefore,
    platform,
    baseline,
    ...(reference ? { reference } : {}),
  };
}

function printTable(results, config) {
  const line = '─'.repeat(100);
  const loads = [...new Set(results.map((r) => r.pair))].map((key) => `(${key}) ${results.filter((r) => r.pair === key).map((r) => r.connections).join(', ')}`);
  console.log(`\n${line}`);
  console.log(`WEOP bench — ${config.rounds} rounds of ${config.durationSeconds} s per side (order alternated, or rotated for three sides; each after ${config.settleSeconds} s unmeasured) after ${config.warmupSeconds} s warm-up each; connections ${loads.join('; ')}; req/s, p50, p99: means over the rounds; ratio: the median round's`);
  console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(line);
  console.log(`${'pair'.padEnd(6)}${'side'.padEnd(10)}${'target'.padEnd(44)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'CPU ms/req'.padStart(12)}${'in kernel'.padStart(11)}`);
  const row = (first, side, target, s) =>
    console.log(first.padEnd(6) + side.padEnd(10) + target.padEnd(44) + String(s.rps).padStart(10) + String(s.p50).padStart(10) + String(s.p99).padStart(10) + String(s.cpuMsPerRequest ?? '-').padStart(12) + (s.kernelShare === undefined ? '-' : `${Math.round(s.kernelShare * 100)}%`).padStart(11));
  for (const r of results) {
    console.log(`(${r.pair}) with ${r.connections} connections`);
    row(`(${r.pair})`, 'gateway', r.platformTarget, r.platform);
    row('', 'baseline', r.baselineTarget, r.baseline);
    if (r.reference) {
      row('', 'reference', r.reference.target, r.reference);
      console.log(''.padEnd(6) + `reference: bare Nest ${r.reference.ratioToBaseline.toFixed(3)} of the baseline (a route through Nest's router with nothing else); the gateway ${r.reference.platformRatio.toFixed(3)} of bare Nest`);
    }
    console.log(''.padEnd(6) + `ratio ${r.ratio.toFixed(3)} (rounds: ${r.roundRatios.map((x) => x.toFixed(3)).join(', ')}; of the means ${r.ratioOfMeans.toFixed(3)})`);
  }
  console.log(line);
  for (const v of verdicts(results)) {
    const how = v.platform
      ? `capacity: gateway ${v.platform.rps} req/s at ${v.platform.connections} connections (p99 ${v.platform.p99} ms), baseline ${v.baseline.rps} req/s at ${v.baseline.connections} (p99 ${v.baseline.p99} ms)`
      : `at ${v.connections} connections, the median round's ratio`;
    console.log(`(${v.pair}) ratio ${v.ratio.toFixed(3)}, target ≥ ${v.target}: ${!v.valid ? 'NOT VALID (not every answer was 2xx)' : v.met ? 'MET' : 'NOT MET'}  (${how})`);
  }
  console.log(line);
  console.log('CPU ms/req: CPU time the serving processes spent per answered request, from /proc (pair 1: the gateway or the');
  console.log('baseline; pair 2: plus nats-server and the PostgreSQL backends of the bench database). Less sensitive than');
  console.log('req/s to what else runs on the machine; per-process detail in the JSON. In kernel: the part of the CPU of the');
  console.log('processes the bench started (not nats-server or PostgreSQL) spent in system calls: sockets, waking the other side.');
}

// ─── the run ──────────────────────────────────────────────────────────────────────────────────

async function main() {
  const config = settings();
  await preflight(['gateway', 'identity'], [DATABASE_NAME]);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (config.cpuProfileDir) fs.mkdirSync(config.cpuProfileDir, { recursive: true });

  say(`namespace ${NAMESPACE}, database ${DATABASE_NAME}, apps' LOG_LEVEL=${config.logLevel}, logs in ${path.relative(process.cwd(), RESULTS_DIR)}/`);
  state.databases.add(DATABASE_NAME);
  startApp('identity', appEnv({ HEALTH_PORT: '0' }, config.logLevel), config);
  const port = await freePort();
  startApp('gateway', appEnv({ PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '100000000', WEOP_SERVICES: 'identity' }, config.logLevel), config);
  const gatewayUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${gatewayUrl}/health/ready`);
  say(`gateway ready at ${gatewayUrl}`);

  const member = await createMember(gatewayUrl);
  say(`member ${member.id} registered, signed in, profile filled in`);

  const databaseUrl = new URL(SERVER_URL);
  databaseUrl.pathname = `/${DATABASE_NAME}`;
  const [helloUrl, nestUrl, profilesUrl] = await Promise.all([
    config.pairs.includes(1) ? startBaseline('hello', {}) : undefined,
    config.pairs.includes(1) ? startBaseline('nest-hello', {}) : undefined,
    config.pairs.includes(2) ? startBaseline('profiles', { BENCH_BASELINE_DATABASE_URL: databaseUrl.toString() }) : undefined,
  ]);

  const pairs = [
    {
      key: 1,
      name: 'http-stack',
      target: 0.8,
      platformLabel: 'GET /health/live',
      baselineLabel: 'GET /hello (raw Fastify)',
      referenceLabel: 'GET /hello (bare Nest on Fastify)',
      serving: { platform: ['gateway'], baseline: ['baseline-hello'], reference: ['baseline-nest-hello'] },
      platform: () => ({ url: `${gatewayUrl}/health/live` }),
      baseline: () => ({ url: `${helloUrl}/hello` }),
      // What Nest itself costs: a route through Nest's router with nothing else, against the raw baseline.
      reference: () => ({ url: `${nestUrl}/hello` }),
    },
    {
      key: 2,
      name: 'profile-read',
      target: 0.5,
      platformLabel: 'GET /api/v1/profiles/{id} (NATS, identity)',
      baselineLabel: 'GET /profiles/:id (raw Fastify + pg)',
      serving: { platform: ['gateway', 'identity', 'nats-server', 'postgres'], baseline: ['baseline-profiles', 'postgres'] },
      platform: async (seconds) => ({ url: `${gatewayUrl}/api/v1/profiles/${member.id}`, headers: { authorization: `Bearer ${await member.token(seconds)}` } }),
      baseline: () => ({ url: `${profilesUrl}/profiles/${member.id}` }),
    },
  ].filter((p) => config.pairs.includes(p.key));

  const failures = [];
  const results = [];
  const crashed = anyChildExit();
  crashed.catch(() => undefined);
  for (const pair of pairs) {
    await Promise.race([checkSameAnswer(pair, await pair.platform(60), await pair.baseline()), crashed]);
    if (pair.reference) await Promise.race([checkSameAnswer(pair, await pair.platform(60), await pair.reference(), 'reference'), crashed]);
    for (const connections of config.connections ?? DEFAULT_CONNECTIONS[pair.key]) results.push(await Promise.race([measure(pair, { ...config, connections }, failures), crashed]));
  }

  printTable(results, config);
  const report = {
    date: new Date().toISOString(),
    machine: machine(),
    settings: { durationSeconds: config.durationSeconds, settleSeconds: config.settleSeconds, warmupSeconds: config.warmupSeconds, connections: config.connections ?? DEFAULT_CONNECTIONS, rounds: config.rounds, appLogLevel: config.logLevel, cpuProfile: Boolean(config.cpuProfileDir) },
    pairs: results,
    verdicts: verdicts(results),
    failures,
    ok: failures.length === 0,
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  say(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);

  if (failures.length) {
    console.error(`[bench] FAILED: not every response was 2xx:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  if (config.enforceTargets && report.verdicts.some((v) => !v.met)) {
    console.error('[bench] a target was not met (BENCH_ENFORCE_TARGETS is on)');
    return 2;
  }
  return 0;
}

runMain(main);
