#!/usr/bin/env node
/*
 * bench/ranking.js — `npm run bench:ranking`: ranking a cycle of 5,000 finalists scored by 30 jurors (issue 6),
 * the platform beside the same ranking done by hand, in one run. Run it after `npm run build` (the npm script
 * builds first; this runs dist/). One run does everything:
 *
 *   1. starts identity, awards and the gateway from dist/ as child processes (bench/lib.js): database prefix
 *      `weop_bench`, NATS namespace `bench<random>`, LOG_LEVEL=warn, WEOP_SERVICES=identity,awards, a bench-only
 *      admin; waits for GET /health/ready = 200 (awards has migrated and seeded 2023);
 *   2. creates a cycle through the API as that admin, then writes straight into `weop_bench_awards` (seeded: the
 *      same data every run): BENCH_RANKING_NOMINATIONS (default 5 000) finalists spread over the ten member
 *      countries and the regional category, BENCH_RANKING_JUDGES (default 30) regional jurors, and one score sheet
 *      per juror and finalist (150 000 by default) on the default rubric (impact 40, innovation 20, sustainability
 *      20, reach 20). Each juror has her own leniency and spread, each finalist a merit, each score some noise, so
 *      normalisation matters; the cycle is put at the jury stage. VACUUM ANALYZE;
 *   3. measures, BENCH_RANKING_RUNS times each (default 5, after one warm-up), alternating:
 *        platform   POST /api/v1/awards/cycles/{id}/close-judging as the admin: gateway → NATS → awards, which
 *                   loads the finalists and every sheet, checks pauses and conflicts, normalises per judge
 *                   (z-scores), ranks with the tie-break rule, names champions and writes the 5 000 ranking rows
 *                   and the audit line in one transaction;
 *        baseline   the same ranking by hand: one SQL statement (avg/stddev_pop per juror, the mean z per finalist,
 *                   row_number() per group with the same tie-break order) sent with `pg`, reading the 5 000 rows
 *                   back — no conflict or pause checks, nothing written;
 *      and, for where the time goes, the ranking function alone (dist's rankFinalists: normalisation and
 *      ranking in memory, on the sheets already loaded);
 *   4. checks that the platform's stored ranking and the baseline's agree on every group and rank, else fails;
 *   5. prints min / median / max ms per side, the ratio of medians, and the CPU each side cost per run (from /proc:
 *      awards, the gateway, identity, nats-server, the bench database's PostgreSQL backends, and this process,
 *      which is the baseline's client) — steadier than wall time on a shared machine — and writes
 *      bench/results/ranking.json;
 *   6. stops every child (also on Ctrl-C and on failure), drops the bench's databases and deletes its streams.
 *
 * Environment: BENCH_RANKING_NOMINATIONS, BENCH_RANKING_JUDGES, BENCH_RANKING_RUNS, BENCH_LOG_LEVEL, BENCH_CPU_PROFILE=<dir>
 * (awards' CPU profile), DATABASE_URL,
 * NATS_URL. Results: docs/performance.md, "Ranking a cycle".
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  ROOT, RESULTS_DIR, SERVER_URL, NAMESPACE, BenchError, say, round2, positiveInt, logLevel, databaseOf, state, anyChildExit,
  freePort, appEnv, startApp, waitForReady, preflight, cpuSnapshot, cpuBetween, machine, runMain, call,
} = require('./lib');

const RESULTS_FILE = path.join(RESULTS_DIR, 'ranking.json');
const IDENTITY_DATABASE = databaseOf('identity');
const AWARDS_DATABASE = databaseOf('awards');
const RANKING_MODULE = path.join(ROOT, 'dist', 'apps', 'awards', 'src', 'judging', 'ranking.js');
const ADMIN = { email: 'bench-admin@weop.bench', password: `Bench-${crypto.randomBytes(8).toString('hex')}-Steppe` };
const GROUPS = ['AZ', 'CN', 'GE', 'KZ', 'KG', 'MN', 'PK', 'TJ', 'TM', 'UZ', 'regional'];
const RUBRIC = [['impact', 40], ['innovation', 20], ['sustainability', 20], ['reach', 20]];
const SEED = 2026;

function settings() {
  return {
    nominations: positiveInt('BENCH_RANKING_NOMINATIONS', 5000),
    judges: positiveInt('BENCH_RANKING_JUDGES', 30),
    runs: positiveInt('BENCH_RANKING_RUNS', 5),
    logLevel: logLevel(),
  };
}

function databaseUrl(name) {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** mulberry32: a small seeded generator, so every run scores the same cycle. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal from two uniforms (Box–Muller). */
const normal = (rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const uuid = (rand) => {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(rand() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Writes the finalists, the jurors and their sheets for the cycle, and puts the cycle at the jury stage. */
async function generate(client, cycleId, config) {
  const rand = random(SEED);
  const started = process.hrtime.bigint();
  const base = Date.parse('2026-03-01T00:00:00Z');
  const nominations = Array.from({ length: config.nominations }, (_, i) => {
    const group = GROUPS[i % GROUPS.length];
    return {
      id: uuid(rand),
      category: group === 'regional' ? 'regional' : 'national',
      kind: group === 'regional' || rand() < 0.6 ? 'organization' : 'individual',
      country: group === 'regional' ? 'KZ' : group,
      countries: group === 'regional' ? ['KZ', 'UZ', 'TJ'] : [],
      name: `Finalist ${i + 1}`,
      merit: normal(rand),
      createdAt: new Date(base + i * 60_000).toISOString(),
    };
  });
  const judges = Array.from({ length: config.judges }, (_, j) => ({
    id: uuid(rand),
    accountId: uuid(rand),
    country: GROUPS[j % 10],
    leniency: (rand() - 0.5) * 4,
    spread: 0.5 + rand(),
  }));
  await client.query('begin');
  for (let i = 0; i < nominations.length; i += 2000) {
    const chunk = nominations.slice(i, i + 2000).map((n) => ({
      id: n.id, category: n.category, kind: n.kind, country: n.country, countries: n.countries, name: n.name, created_at: n.createdAt,
    }));
    await client.query(
      `insert into nomination (id, cycle_id, nominator_id, category, nominee_kind, nominee_name, nominee_country, nominee_countries, achievements, status, screening_eligible, screening_finalist, created_at, updated_at)
       select r.id, $1, null, r.category, r.kind, r.name, r.country, r.countries, 'Generated for the ranking bench.', 'finalist', true, true, r.created_at, r.created_at
         from json_to_recordset($2::json) as r(id uuid, category text, kind text, country text, countries text[], name text, created_at timestamptz)`,
      [cycleId, JSON.stringify(chunk)],
    );
  }
  await client.query(
    `insert into jury_seat (id, cycle_id, account_id, tier, country, seated_at)
     select r.id, $1, r.account_id, 'regional', r.country, now() from json_to_recordset($2::json) as r(id uuid, account_id uuid, country text)`,
    [cycleId, JSON.stringify(judges.map((j) => ({ id: j.id, account_id: j.accountId, country: j.country })))],
  );
  const weights = RUBRIC.reduce((sum, [, w]) => sum + w, 0);
  let sheets = 0;
  let batch = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(
      `insert into score_sheet (id, seat_id, nomination_id, criteria, total, lead, scored_at, updated_at)
       select r.id, r.seat_id, r.nomination_id, r.criteria, r.total, r.lead, now(), now()
         from json_to_recordset($1::json) as r(id uuid, seat_id uuid, nomination_id uuid, criteria jsonb, total float8, lead float8)`,
      [JSON.stringify(batch)],
    );
    sheets += batch.length;
    batch = [];
  };
  for (const judge of judges) {
    for (const n of nominations) {
      const criteria = {};
      let total = 0;
      for (const [code, weight] of RUBRIC) {
        const value = Math.min(10, Math.max(1, Math.round(5.5 + judge.leniency + judge.spread * 1.5 * n.merit + normal(rand))));
        criteria[code] = value;
        total += weight * value;
      }
      batch.push({ id: uuid(rand), seat_id: judge.id, nomination_id: n.id, criteria, total: total / weights, lead: criteria.impact });
      if (batch.length === 5000) await flush();
    }
  }
  await flush();
  await client.query(
    `update award_cycle set stage = 'jury', nominations_open_at = now() - interval '60 days', nominations_close_at = now() - interval '30 days',
            regional_same_country_conflict = false, min_scores_per_finalist = 1, updated_at = now() where id = $1`,
    [cycleId],
  );
  await client.query('commit');
  const insertSeconds = round2(Number(process.hrtime.bigint() - started) / 1e9);
  await client.query('vacuum analyze');
  return { nominations: nominations.length, judges: judges.length, sheets, insertSeconds };
}

/** The same ranking, by hand: one statement. */
const BASELINE_SQL = `
  with sheets as (
    select s.seat_id, s.nomination_id, s.total, s.lead
      from score_sheet s join nomination n on n.id = s.nomination_id
     where n.cycle_id = $1 and n.status = 'finalist'
  ), judges as (
    select seat_id, avg(total) as mean, stddev_pop(total) as sd from sheets group by seat_id
  ), finalists as (
    select s.nomination_id, avg(case when j.sd > 1e-9 then (s.total - j.mean) / j.sd else 0 end) as score,
           avg(s.total) as raw_mean, avg(s.lead) as lead_mean, count(*) as judges
      from sheets s join judges j using (seat_id) group by s.nomination_id
  ), grouped as (
    select f.*, n.created_at, n.id, case when n.category = 'regional' then 'regional' else n.nominee_country end as grp
      from finalists f join nomination n on n.id = f.nomination_id
  )
  select nomination_id, grp,
         row_number() over (partition by grp order by score desc, raw_mean desc, lead_mean desc, judges desc, created_at, id) as rank
    from grouped`;

function summary(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { runs: sorted.length, min: round2(sorted[0]), median: round2(sorted[Math.floor(sorted.length / 2)]), max: round2(sorted[sorted.length - 1]) };
}

const elapsedMs = (from) => Number(process.hrtime.bigint() - from) / 1e6;

async function main() {
  const config = settings();
  await preflight(['identity', 'awards', 'gateway'], [IDENTITY_DATABASE, AWARDS_DATABASE]);
  if (!fs.existsSync(RANKING_MODULE)) throw new BenchError(`${path.relative(ROOT, RANKING_MODULE)} not found: run \`npm run build\` first.`);
  const { rankFinalists } = require(RANKING_MODULE);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  say(`namespace ${NAMESPACE}, databases ${IDENTITY_DATABASE} and ${AWARDS_DATABASE}, apps' LOG_LEVEL=${config.logLevel}`);
  state.databases.add(IDENTITY_DATABASE);
  state.databases.add(AWARDS_DATABASE);
  startApp('identity', appEnv({ HEALTH_PORT: '0', WEOP_ADMIN_EMAIL: ADMIN.email, WEOP_ADMIN_PASSWORD: ADMIN.password }, config.logLevel));
  // BENCH_CPU_PROFILE=<dir>: awards' CPU profile, written when it stops (bench/cpu-profile.js).
  const profile = process.env.BENCH_CPU_PROFILE ? { cpuProfileDir: path.resolve(process.env.BENCH_CPU_PROFILE) } : {};
  startApp('awards', appEnv({ HEALTH_PORT: '0', WEOP_STORAGE_DIR: path.join(RESULTS_DIR, 'awards-blobs') }, config.logLevel), profile);
  const port = await freePort();
  startApp('gateway', appEnv({ PORT: String(port), HOST: '127.0.0.1', WEOP_SERVICES: 'identity,awards', RATE_LIMIT_PER_MINUTE: '100000000', AUTH_RATE_LIMIT_PER_MINUTE: '100000000' }, config.logLevel));
  const gatewayUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${gatewayUrl}/health/ready`);
  const crashed = anyChildExit();
  crashed.catch(() => undefined);

  const login = await call(gatewayUrl, 'POST', '/api/v1/auth/login', { body: ADMIN });
  const token = login.accessToken;
  const { id: cycleId } = await call(gatewayUrl, 'POST', '/api/v1/awards/cycles', {
    token,
    body: { year: 2026, nominationsOpenAt: new Date(Date.now() - 3_600_000).toISOString(), nominationsCloseAt: new Date(Date.now() + 86_400_000).toISOString() },
  });

  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl(AWARDS_DATABASE) });
  await client.connect();
  try {
    say(`scoring ${config.nominations} finalists by ${config.judges} jurors into ${AWARDS_DATABASE} …`);
    const data = await Promise.race([generate(client, cycleId, config), crashed]);
    say(`${data.sheets} score sheets written in ${data.insertSeconds} s`);

    const platformOnce = async () => {
      const t0 = process.hrtime.bigint();
      const closed = await call(gatewayUrl, 'POST', `/api/v1/awards/cycles/${cycleId}/close-judging`, { token, timeoutMs: 120_000 });
      const ms = elapsedMs(t0);
      if (closed.ranked !== data.nominations) throw new BenchError(`the platform ranked ${closed.ranked} of ${data.nominations} finalists`);
      return { ms, closed };
    };
    const baselineOnce = async () => {
      const t0 = process.hrtime.bigint();
      const result = await client.query(BASELINE_SQL, [cycleId]);
      const ms = elapsedMs(t0);
      if (result.rows.length !== data.nominations) throw new BenchError(`the baseline ranked ${result.rows.length} of ${data.nominations} finalists`);
      return { ms, rows: result.rows };
    };

    // What the ranking function is given in the service: the finalists and the sheets.
    const finalists = (await client.query(`select id, case when category = 'regional' then 'regional' else nominee_country end as "group", created_at from nomination where cycle_id = $1 and status = 'finalist'`, [cycleId])).rows
      .map((r) => ({ id: r.id, group: r.group, submittedAt: r.created_at.getTime() }));
    const sheets = (await client.query(`select s.seat_id as judge, s.nomination_id as nomination, s.total, s.lead from score_sheet s join nomination n on n.id = s.nomination_id where n.cycle_id = $1`, [cycleId])).rows;

    say('warming up (one run each) …');
    const warm = await Promise.race([platformOnce(), crashed]);
    const baselineWarm = await baselineOnce();
    rankFinalists(finalists, sheets);

    // The stored ranking and the baseline's must agree on every group and rank.
    const stored = (await client.query('select nomination_id, group_key as grp, rank from ranking_entry where cycle_id = $1', [cycleId])).rows;
    const byNomination = new Map(baselineWarm.rows.map((r) => [r.nomination_id, `${r.grp}#${r.rank}`]));
    const differing = stored.filter((r) => byNomination.get(r.nomination_id) !== `${r.grp}#${r.rank}`);
    if (differing.length > 0) throw new BenchError(`the baseline ranks ${differing.length} finalists differently from the platform (first: ${JSON.stringify(differing[0])})`);
    say(`both sides rank all ${stored.length} finalists alike; champions named: ${warm.closed.champions.length}`);

    const times = { platform: [], baseline: [], rankingFunction: [] };
    /** CPU milliseconds by process, summed over a side's runs. */
    const cpu = { platform: {}, baseline: {}, rankingFunction: {} };
    const measured = async (side, once) => {
      const before = cpuSnapshot();
      const { ms } = await once();
      const { cores } = cpuBetween(before, cpuSnapshot());
      const seconds = ms / 1000;
      for (const [name, busy] of Object.entries(cores)) if (name !== 'everything else') cpu[side][name] = (cpu[side][name] ?? 0) + busy * seconds * 1000;
      times[side].push(ms);
    };
    for (let run = 0; run < config.runs; run++) {
      const order = run % 2 === 0 ? ['platform', 'baseline'] : ['baseline', 'platform'];
      for (const side of order) {
        if (side === 'platform') await Promise.race([measured('platform', platformOnce), crashed]);
        else await measured('baseline', baselineOnce);
      }
      await measured('rankingFunction', async () => {
        const t0 = process.hrtime.bigint();
        rankFinalists(finalists, sheets);
        return { ms: elapsedMs(t0) };
      });
    }
    const cpuPerRun = (side) => {
      const byProcess = Object.fromEntries(Object.entries(cpu[side]).filter(([, v]) => v > 0).map(([k, v]) => [k === 'load generator' ? 'bench process' : k, round2(v / config.runs)]));
      return { total: round2(Object.values(byProcess).reduce((a, b) => a + b, 0)), byProcess };
    };
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      data,
      sides: {
        platform: 'POST /awards/cycles/{id}/close-judging through the gateway: load, pause and conflict checks, z-scores, ranking, 5 000 rows and the audit line written',
        baseline: 'the same ranking in one SQL statement with pg, rows read back, nothing checked or written',
        rankingFunction: 'rankFinalists alone (dist), in memory, on the loaded sheets',
      },
      platform: { ...summary(times.platform), cpuMs: cpuPerRun('platform') },
      baseline: { ...summary(times.baseline), cpuMs: cpuPerRun('baseline') },
      rankingFunction: { ...summary(times.rankingFunction), cpuMs: cpuPerRun('rankingFunction') },
    };
    result.ratio = round2(result.platform.median / result.baseline.median);
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);

    const row = (name, s) => `${name.padEnd(18)} ${String(s.min).padStart(9)} ${String(s.median).padStart(9)} ${String(s.max).padStart(9)} ${String(s.cpuMs.total).padStart(11)}   ${Object.entries(s.cpuMs.byProcess).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    console.log('');
    console.log(`Ranking ${data.nominations} finalists × ${data.judges} jurors (${data.sheets} score sheets), ${config.runs} runs each; machine load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`${'side'.padEnd(18)} ${'min ms'.padStart(9)} ${'median ms'.padStart(9)} ${'max ms'.padStart(9)} ${'CPU ms/run'.padStart(11)}   (by process)`);
    console.log(row('platform', result.platform));
    console.log(row('baseline (SQL)', result.baseline));
    console.log(row('rankFinalists', result.rankingFunction));
    console.log(`platform ÷ baseline (medians): ${result.ratio}`);
    console.log(`results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

runMain(main);
