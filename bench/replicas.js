#!/usr/bin/env node
/*
 * bench/replicas.js — `npm run bench:replicas -- <build A> [<build B>]`: does a change make identity cheaper per request?
 *
 * `npm run bench` compares the platform with a baseline, and on these shared machines the speed of the whole
 * machine drifts by a third within minutes (docs/performance.md, twelfth session), so two runs of it cannot
 * tell a 5 % change in one app from the drift. This runs the two builds at the same time instead: identity
 * from build A and from build B (default dist/) as two replicas in one queue group, behind one gateway (dist/).
 * NATS hands each request to one of them, so both serve the same requests on the same machine in the same
 * second, and the drift cancels out of their ratio.
 *
 *   1. starts both replicas and the gateway on bench-only names (as `npm run bench` does), registers one
 *      member and fills in her profile;
 *   2. loads GET /api/v1/profiles/{id} through the gateway with autocannon: a warm-up, then BENCH_ROUNDS
 *      rounds (default 6) of BENCH_DURATION s (default 8) with BENCH_CONNECTIONS connections (default 20);
 *   3. for each round and each replica: the CPU it spent (/proc) over the profile reads it answered (its own
 *      /metrics, weop_nats_request_duration_seconds_count), so µs of CPU per read; then B/A;
 *   4. prints each round and the medians, stops everything, drops the database and deletes the streams.
 *
 * A replica answers about half the reads, so it batches fewer of them per query than one identity would, and
 * its µs per read is higher than `npm run bench` shows; compare A with B, not with other runs. Two copies of
 * the same build measured 0.99–1.09 per round and 1.03 as the median (twelfth session): a median within about
 * 4 % of 1 is no difference. Run it a second time with the builds swapped (`<B copy> <A>`) before believing a
 * small one.
 *
 * A build must be inside the checkout, so that it finds node_modules, e.g.:
 *   git stash && npm run build && rm -rf .bench-a && mkdir .bench-a && cp -r dist .bench-a/ && git stash pop
 *   npm run bench:replicas -- .bench-a/dist
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const {
  ROOT, BenchError, say, sleep, median, positiveInt, databaseOf, state, freePort, appEnv, startApp, waitForReady, preflight, runMain, createMember,
  processTimes, TICKS_PER_SECOND,
} = require('./lib');

const DATABASE_NAME = databaseOf('identity');

/** How many profile reads a replica has answered, from its /metrics. */
async function readsAnswered(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  let count = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('weop_nats_request_duration_seconds_count{') && line.includes('.rpc.identity.profiles.get"')) count += Number(line.split(' ').pop());
  }
  return count;
}

async function main() {
  if (!process.argv[2]) throw new BenchError('usage: node bench/replicas.js <build A, e.g. .bench-a/dist> [<build B>, default dist]');
  const builds = [process.argv[2], process.argv[3] ?? 'dist'].map((build) => {
    const dist = path.resolve(build);
    if (!dist.startsWith(`${ROOT}${path.sep}`)) throw new BenchError(`${build} must be inside the checkout (${ROOT}) to find node_modules`);
    if (!fs.existsSync(path.join(dist, 'apps', 'identity', 'src', 'main.js'))) throw new BenchError(`${build} holds no build of identity (apps/identity/src/main.js)`);
    return dist;
  });
  const rounds = positiveInt('BENCH_ROUNDS', 6);
  const seconds = positiveInt('BENCH_DURATION', 8);
  const connections = positiveInt('BENCH_CONNECTIONS', 20);

  await preflight(['gateway', 'identity'], [DATABASE_NAME]);
  state.databases.add(DATABASE_NAME);
  const replicas = [];
  for (const [label, dist] of [['A', builds[0]], ['B', builds[1]]]) {
    const port = await freePort();
    const child = startApp('identity', appEnv({ HEALTH_PORT: String(port) }, 'warn'), { dist, name: `identity-${label}` });
    await waitForReady(`http://127.0.0.1:${port}/health/ready`);
    replicas.push({ label, dist, pid: child.proc.pid, port, usPerRead: [] });
  }
  const port = await freePort();
  startApp('gateway', appEnv({ PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '100000000', WEOP_SERVICES: 'identity' }, 'warn'));
  const gatewayUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${gatewayUrl}/health/ready`);
  say(`identity A from ${path.relative(ROOT, builds[0])}, identity B from ${path.relative(ROOT, builds[1])}, one queue group, gateway at ${gatewayUrl}`);
  const member = await createMember(gatewayUrl);

  const autocannon = require('autocannon');
  const load = async (duration) => {
    const result = await autocannon({ url: `${gatewayUrl}/api/v1/profiles/${member.id}`, headers: { authorization: `Bearer ${await member.token(duration + 30)}` }, connections, duration, timeout: 10 });
    if (state.stopping) throw new BenchError('stopped');
    if (result.non2xx || result.errors || result.timeouts) throw new BenchError(`not every answer was 2xx: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    return result;
  };
  await load(5);
  const ratios = [];
  for (let round = 1; round <= rounds; round++) {
    await sleep(500);
    const before = await Promise.all(replicas.map(async (r) => [processTimes(r.pid)?.total ?? NaN, await readsAnswered(r.port)]));
    const result = await load(seconds);
    const after = await Promise.all(replicas.map(async (r) => [processTimes(r.pid)?.total ?? NaN, await readsAnswered(r.port)]));
    const parts = replicas.map((r, i) => {
      const reads = after[i][1] - before[i][1];
      if (reads === 0) throw new BenchError(`identity ${r.label} answered no read in round ${round}: is it in the queue group?`);
      const us = ((after[i][0] - before[i][0]) / TICKS_PER_SECOND / reads) * 1e6;
      r.usPerRead.push(us);
      return `${r.label} ${us.toFixed(1)} µs/read (${reads} reads)`;
    });
    ratios.push(replicas[1].usPerRead[round - 1] / replicas[0].usPerRead[round - 1]);
    say(`round ${round}: ${Math.round(result.requests.average)} reads/s; ${parts.join(', ')}; B/A ${ratios[round - 1].toFixed(3)}`);
  }
  say(`median: A ${median(replicas[0].usPerRead).toFixed(1)} µs/read, B ${median(replicas[1].usPerRead).toFixed(1)} µs/read; median of the rounds' B/A ${median(ratios).toFixed(3)} (below 1: B is cheaper)`);
  return 0;
}

runMain(main);
