#!/usr/bin/env node
/*
 * bench/search.js — `npm run bench:search`: search latency over a realistic amount of content, the platform
 * beside the bare SQL, in one run (issue 3: p95 ≤ 50 ms over 100k items of mixed languages). Run it after
 * `npm run build` (the npm script builds first; this runs dist/). One run does everything:
 *
 *   1. starts identity, content and the gateway from dist/ as child processes (bench/lib.js, as bench/run.js
 *      does): database prefix `weop_bench`, NATS namespace `bench<random>`, LOG_LEVEL=warn, WEOP_SERVICES=
 *      identity,content, rate limits out of the way; waits for GET /health/ready = 200 (content has migrated);
 *   2. writes BENCH_SEARCH_ITEMS (default 100 000) published items straight into `weop_bench_content` with
 *      multi-row INSERTs (2 000 rows each, two at a time), then VACUUM ANALYZE. The text comes from
 *      bench/search-corpus.js (seeded: the same items every run): 40 % English, 35 % Russian, 15 % Chinese,
 *      10 % Kazakh/Uzbek, Zipf-distributed words with real topic words and inflections, all six types, tags,
 *      CAREC countries, two years of publishing dates, open jobs. `search` is filled with the expression
 *      ContentItemsRepository.index() uses, over indexableText() of the built content service, so the rows are
 *      what the service itself would have written;
 *   3. builds a fixed list of BENCH_SEARCH_QUERIES (default 300) queries (seeded): common and rare words,
 *      two words, inflected Russian, Chinese words, phrases, typos; a third with a filter;
 *   4. checks that both sides answer every query with the same items, in the same order; then, after a warm-up
 *      (BENCH_SEARCH_WARMUP s each), measures for BENCH_SEARCH_SECONDS (default 20) per side, in two rounds of
 *      half that, alternating (platform, baseline, baseline, platform), each with BENCH_SEARCH_CONNECTIONS
 *      (default 4) clients looping over the query list:
 *        platform  GET /api/v1/search?q=… anonymously (default limit 20): gateway → NATS → content → PostgreSQL;
 *        baseline  the SQL the content service sends for that query, straight to PostgreSQL with `pg` (Pool,
 *                  one connection per client). The SQL is captured from the built SearchService itself (with a
 *                  stand-in connection), so it is exactly what the service runs — same searchQuery()
 *                  transformation, same parameters inlined the way MikroORM inlines them — and cannot drift;
 *      every platform answer must be 200 with an `items` array, else the run fails (exit 1);
 *   5. prints requests/s, p50/p95/p99 (from each request's own duration, process.hrtime) for both sides, the
 *      ratios platform/baseline, whether the platform's p95 ≤ 50 ms target is met, the CPU each process used,
 *      and how latency grows with the number of rows a query matches; writes it all to bench/results/search.json;
 *   6. stops every child (also on Ctrl-C and on failure), drops `weop_bench_identity` and `weop_bench_content`,
 *      deletes the namespace's streams (object stores included).
 *
 * Environment: BENCH_SEARCH_ITEMS (default 100000), BENCH_SEARCH_SECONDS (per side, default 20),
 * BENCH_SEARCH_CONNECTIONS (default 4), BENCH_SEARCH_WARMUP (s per side, default 5), BENCH_SEARCH_QUERIES
 * (default 300), BENCH_SEARCH_EXPLAIN=1 (write EXPLAIN (ANALYZE, BUFFERS) of the slowest queries to
 * bench/results/search-explain.txt), BENCH_SEARCH_KEEP=1 (keep `weop_bench_content` afterwards to look into it;
 * the next run drops it), BENCH_CPU_PROFILE=<dir> (content's and the gateway's CPU profiles), BENCH_LOG_LEVEL,
 * DATABASE_URL, NATS_URL. Results: docs/performance.md, "Search".
 */
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const {
  ROOT, RESULTS_DIR, SERVER_URL, NAMESPACE, BenchError, say, round2, positiveInt, logLevel, databaseOf, state, anyChildExit,
  freePort, appEnv, startApp, waitForReady, preflight, cpuSnapshot, cpuBetween, machine, runMain,
} = require('./lib');
const { corpus } = require('./search-corpus');

const RESULTS_FILE = path.join(RESULTS_DIR, 'search.json');
const EXPLAIN_FILE = path.join(RESULTS_DIR, 'search-explain.txt');
const IDENTITY_DATABASE = databaseOf('identity');
const CONTENT_DATABASE = databaseOf('content');
const SEARCH_TEXT_MODULE = path.join(ROOT, 'dist', 'apps', 'content', 'src', 'text', 'search-text.js');
const SEARCH_SERVICE_MODULE = path.join(ROOT, 'dist', 'apps', 'content', 'src', 'search', 'search.service.js');

/** The same data and queries every run; change it only together with the numbers in docs/performance.md. */
const SEED = 20261128;
const TARGET_P95_MS = 50;
const ROUNDS = 2;
const INSERT_BATCH = 2000;
const INSERTS_IN_FLIGHT = 2;
const REQUEST_TIMEOUT_MS = 10_000;
/** The service's default page size: what an anonymous search without `limit` gets. */
const PAGE_SIZE = 20;

function settings() {
  const flag = (name) => ['1', 'true', 'yes'].includes(String(process.env[name]).toLowerCase());
  return {
    items: positiveInt('BENCH_SEARCH_ITEMS', 100_000),
    seconds: positiveInt('BENCH_SEARCH_SECONDS', 20),
    connections: positiveInt('BENCH_SEARCH_CONNECTIONS', 4),
    warmupSeconds: positiveInt('BENCH_SEARCH_WARMUP', 5),
    queryCount: positiveInt('BENCH_SEARCH_QUERIES', 300),
    explain: flag('BENCH_SEARCH_EXPLAIN'),
    keep: flag('BENCH_SEARCH_KEEP'),
    logLevel: logLevel(),
  };
}

function databaseUrl(name) {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const seconds = (from) => round2(Number(process.hrtime.bigint() - from) / 1e9);

// ─── the data ─────────────────────────────────────────────────────────────────────────────────

/*
 * One statement per batch, one array parameter per column (unnest), so a batch is a single round trip of
 * a few MB however many rows it has. `search` and `rank_vector` are ContentItemsRepository.index()'s expressions (the trigger copies them to search_entry). indexableText()
 * changes only text with CJK runs (and NULs): for the others the title/plain column itself is indexed, rather
 * than sending the same text twice. body_html is what the markdown renderer makes of plain paragraphs, and
 * plain = body (generated text has no markdown).
 */
const INSERT_SQL = `
insert into content_item (id, type, author_id, title, body, body_html, plain, tags, language, country, status, visibility,
                          frozen, details, published_at, expires_at, starts_at, created_at, updated_at, search, rank_vector)
select id, type, author_id, title, body, '<p>' || replace(body, E'\\n\\n', E'</p>\\n<p>') || E'</p>\\n', body, tags::text[],
       language, country, 'published', 'visible', false, '{}', published_at, expires_at, starts_at, published_at, published_at,
       setweight(to_tsvector('russian', coalesce(title_ix, title)), 'A') || setweight(to_tsvector('russian', coalesce(plain_ix, body)), 'B'),
       setweight(to_tsvector('russian', coalesce(title_ix, title)), 'A')
  from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
              $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[])
       as t(id, type, author_id, title, body, tags, language, country, published_at, expires_at, starts_at, title_ix, plain_ix)`;

function batchParams(items, { indexableText }) {
  const columns = Array.from({ length: 13 }, () => []);
  for (const item of items) {
    const titleIx = indexableText(item.title);
    const plainIx = indexableText(item.body);
    const values = [item.id, item.type, item.authorId, item.title, item.body, `{${item.tags.join(',')}}`, item.language, item.country,
      item.publishedAt, item.expiresAt, item.startsAt, titleIx === item.title ? null : titleIx, plainIx === item.body ? null : plainIx];
    for (let c = 0; c < values.length; c++) columns[c].push(values[c]);
  }
  return columns;
}

async function generate(config, writer, text) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: databaseUrl(CONTENT_DATABASE), max: INSERTS_IN_FLIGHT });
  try {
    const { rows } = await pool.query('select count(*)::int as n from content_item');
    if (rows[0].n !== 0) throw new BenchError(`${CONTENT_DATABASE}.content_item is not empty (${rows[0].n} rows)`);

    const started = process.hrtime.bigint();
    const now = Date.now();
    const counts = { language: {}, type: {} };
    // Node writes the next batch while PostgreSQL stems and indexes the previous ones.
    const pending = [];
    let written = 0;
    let reported = 0;
    while (written < config.items) {
      if (state.stopping) throw new BenchError('stopped');
      const items = [];
      for (let i = 0; i < INSERT_BATCH && written + i < config.items; i++) {
        const item = writer.item(now);
        counts.language[item.language] = (counts.language[item.language] ?? 0) + 1;
        counts.type[item.type] = (counts.type[item.type] ?? 0) + 1;
        items.push(item);
      }
      const insert = pool.query(INSERT_SQL, batchParams(items, text));
      insert.catch(() => undefined); // awaited below, in order; this only keeps a failure from being "unhandled" meanwhile
      pending.push(insert);
      written += items.length;
      if (pending.length >= INSERTS_IN_FLIGHT) await pending.shift();
      if (written - reported >= config.items / 10 || written === config.items) {
        reported = written;
        say(`  ${written} items written (${seconds(started)} s)`);
      }
    }
    await Promise.all(pending);
    const insertSeconds = seconds(started);
    // VACUUM also moves the GIN index's pending list into the index proper, as autovacuum would have by now.
    const vacuumStarted = process.hrtime.bigint();
    await pool.query('vacuum analyze content_item');
    await pool.query('vacuum analyze search_entry');
    const vacuumSeconds = seconds(vacuumStarted);
    const sizes = await pool.query(`select pg_total_relation_size('content_item') as total, pg_relation_size('content_item') as heap,
                                           pg_total_relation_size('search_entry') as entries, pg_relation_size('search_entry_search_idx') as search_index`);
    const mib = (bytes) => round2(Number(bytes) / 2 ** 20);
    return {
      items: config.items,
      seed: SEED,
      byLanguage: counts.language,
      byType: counts.type,
      insertSeconds,
      vacuumAnalyzeSeconds: vacuumSeconds,
      totalSeconds: seconds(started),
      sizeMiB: { table: mib(sizes.rows[0].total), heap: mib(sizes.rows[0].heap), searchEntries: mib(sizes.rows[0].entries), searchIndex: mib(sizes.rows[0].search_index) },
    };
  } finally {
    await pool.end();
  }
}

// ─── the two sides ────────────────────────────────────────────────────────────────────────────

/**
 * The SQL the content service runs for a query, taken from the built SearchService: it is handed a stand-in
 * connection that records what it is asked to execute, and the parameters are then inlined with MikroORM's
 * own PostgreSqlPlatform.formatQuery — which is what MikroORM's execute() does before sending the query.
 */
async function serviceSql(query) {
  const { SearchService } = require(SEARCH_SERVICE_MODULE);
  const { SearchRepository } = require(SEARCH_SERVICE_MODULE.replace(/search\.service\.js$/, 'search.repository.js'));
  const { PostgreSqlPlatform } = require('@mikro-orm/postgresql');
  let captured;
  const em = { getConnection: () => ({ execute: async (sql, params) => ((captured = { sql, params }), []) }) };
  await new SearchService(new SearchRepository(em)).search(null, query);
  if (!captured) throw new BenchError(`SearchService ran no SQL for ${JSON.stringify(query)}`);
  return new PostgreSqlPlatform().formatQuery(captured.sql, captured.params);
}

function searchPath(query) {
  const params = new URLSearchParams({ q: query.q });
  for (const name of ['type', 'tag', 'country', 'language']) if (query[name]) params.set(name, query[name]);
  return `/api/v1/search?${params}`;
}

/** GET through one keep-alive agent with a socket per client, like a handful of browsers behind one proxy. */
function platformSide(gatewayUrl, queries, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const paths = queries.map(searchPath);
  const get = (pathname) =>
    new Promise((resolve, reject) => {
      const req = http.get(`${gatewayUrl}${pathname}`, { agent }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
    });
  return {
    name: 'platform',
    label: 'GET /api/v1/search (gateway → NATS → content → PostgreSQL)',
    run: (i) => get(paths[i]),
    /** The ids of the answer; anything but a 200 with an items array fails the run. */
    ids(i, answer) {
      let items;
      try {
        items = JSON.parse(answer.body).items;
      } catch {
        items = undefined;
      }
      if (answer.status !== 200 || !Array.isArray(items)) throw new BenchError(`GET ${paths[i]} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      return items.map((item) => item.id);
    },
    close: () => agent.destroy(),
  };
}

function baselineSide(pool, statements) {
  return {
    name: 'baseline',
    label: 'the same SQL with pg (Pool), straight to PostgreSQL',
    run: (i) => pool.query(statements[i]),
    // The service asks for one row more than it returns, to know whether there is a next page.
    ids: (i, result) => result.rows.slice(0, PAGE_SIZE).map((row) => row.id),
    close: () => undefined,
  };
}

// ─── measuring ────────────────────────────────────────────────────────────────────────────────

/** Runs `connections` clients, each asking the side's next query as soon as its last one is answered. */
async function drive(side, queryCount, connections, durationSeconds, record) {
  const started = process.hrtime.bigint();
  const end = started + BigInt(Math.round(durationSeconds * 1e9));
  side.cursor ??= 0;
  const client = async () => {
    while (process.hrtime.bigint() < end && !state.stopping) {
      const i = side.cursor++ % queryCount;
      const t0 = process.hrtime.bigint();
      const answer = await side.run(i);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      side.ids(i, answer);
      record?.(i, ms);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  if (state.stopping) throw new BenchError('stopped');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Both sides must answer every query with the same items in the same order, or the comparison means nothing. */
async function checkSameAnswers(platform, baseline, queries, connections) {
  let next = 0;
  let empty = 0;
  const client = async () => {
    while (next < queries.length) {
      const i = next++;
      const [a, b] = await Promise.all([platform.run(i), baseline.run(i)]);
      const platformIds = platform.ids(i, a);
      const baselineIds = baseline.ids(i, b);
      if (platformIds.join() !== baselineIds.join()) {
        throw new BenchError(`query ${JSON.stringify(queries[i])}: the baseline's answer differs from the platform's:\n  platform: ${platformIds.join(', ')}\n  baseline: ${baselineIds.join(', ')}`);
      }
      if (platformIds.length === 0) empty++;
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return empty;
}

/** Nearest-rank percentile of sorted durations. */
function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(durations, elapsedSeconds) {
  const sorted = Float64Array.from(durations).sort();
  const ms = (v) => (v === undefined ? undefined : Math.round(v * 100) / 100);
  return {
    requests: sorted.length,
    rps: round2(sorted.length / elapsedSeconds),
    p50: ms(percentile(sorted, 50)),
    p95: ms(percentile(sorted, 95)),
    p99: ms(percentile(sorted, 99)),
    mean: ms(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    max: ms(sorted[sorted.length - 1]),
  };
}

async function measure(sides, queries, config) {
  const all = { platform: [], baseline: [] };
  const perQuery = { platform: queries.map(() => []), baseline: queries.map(() => []) };
  const elapsed = { platform: 0, baseline: 0 };
  const rounds = [];
  const segment = config.seconds / ROUNDS;
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? ['platform', 'baseline'] : ['baseline', 'platform'];
    for (const name of order) {
      const durations = [];
      const before = cpuSnapshot();
      const took = await drive(sides[name], queries.length, config.connections, segment, (i, ms) => {
        durations.push(ms);
        perQuery[name][i].push(ms);
      });
      const cpu = cpuBetween(before, cpuSnapshot());
      all[name].push(...durations);
      elapsed[name] += took;
      const s = stats(durations, took);
      rounds.push({ round, side: name, ...s, cpu });
      const busy = Object.entries(cpu.cores).filter(([, c]) => c >= 0.05).map(([n, c]) => `${n} ${c.toFixed(2)}`).join(', ');
      say(`round ${round} ${name.padEnd(8)} ${String(s.rps).padStart(8)} req/s  p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms`);
      say(`    CPU cores busy: ${busy}${cpu.machineBusy === undefined ? '' : `; machine ${Math.round(cpu.machineBusy * 100)}% busy`}`);
    }
  }
  const cpuOf = (name) => {
    const list = rounds.filter((r) => r.side === name);
    const cores = {};
    for (const r of list) for (const [n, c] of Object.entries(r.cpu.cores)) cores[n] = round2((cores[n] ?? 0) + c / list.length);
    return cores;
  };
  return {
    platform: { ...stats(all.platform, elapsed.platform), cpuCores: cpuOf('platform') },
    baseline: { ...stats(all.baseline, elapsed.baseline), cpuCores: cpuOf('baseline') },
    rounds,
    perQuery,
  };
}

// ─── what makes a query slow ──────────────────────────────────────────────────────────────────

/** How many rows a query matches (and ranks). */
const countSql = (statement) => {
  // The inner select of SearchService's statement, where every match is ranked: count its rows instead.
  const inner = statement.match(/from search_entry,([\s\S]*?)\)\s*ranked/);
  if (!inner) throw new BenchError('the search statement no longer has the shape bench/search.js counts matches in');
  return `select count(*)::int as n from search_entry,${inner[1]}`;
};

async function matchCounts(pool, statements) {
  const counts = new Array(statements.length);
  let next = 0;
  const client = async () => {
    while (next < statements.length) {
      const i = next++;
      counts[i] = (await pool.query(countSql(statements[i]))).rows[0].n;
    }
  };
  await Promise.all([client(), client()]);
  return counts;
}

const BUCKETS = [[0, 0], [1, 100], [101, 1000], [1001, 5000], [5001, 20_000], [20_001, Infinity]];

/** Latency by how many rows the queries match: the cost of ranking every match shows here. */
function byMatches(queries, counts, perQuery) {
  const median = (list) => (list.length ? percentile(Float64Array.from(list).sort(), 50) : undefined);
  return BUCKETS.map(([from, to]) => {
    const inBucket = queries.map((_, i) => i).filter((i) => counts[i] >= from && counts[i] <= to);
    const pooled = (side) => inBucket.flatMap((i) => perQuery[side][i]);
    const p = (list, q) => (list.length ? round2(percentile(Float64Array.from(list).sort(), q)) : undefined);
    const platform = pooled('platform');
    const baseline = pooled('baseline');
    return {
      matches: to === Infinity ? `> ${from - 1}` : from === to ? `${from}` : `${from}–${to}`,
      queries: inBucket.length,
      platformP50: p(platform, 50),
      platformP95: p(platform, 95),
      baselineP50: p(baseline, 50),
      baselineP95: p(baseline, 95),
      medianMatches: median(inBucket.map((i) => counts[i])),
    };
  });
}

function slowest(queries, counts, perQuery, n = 10) {
  const mean = (list) => list.reduce((a, b) => a + b, 0) / (list.length || 1);
  return queries
    .map((query, i) => ({ i, query, matches: counts[i], baselineMeanMs: round2(mean(perQuery.baseline[i])), platformMeanMs: round2(mean(perQuery.platform[i])) }))
    .sort((a, b) => b.baselineMeanMs - a.baselineMeanMs)
    .slice(0, n);
}

async function explain(pool, statements, worst) {
  const parts = [];
  for (const w of worst) {
    const { rows } = await pool.query(`explain (analyze, buffers) ${statements[w.i]}`);
    parts.push(`-- ${JSON.stringify(w.query)}: ${w.matches} matching rows, baseline mean ${w.baselineMeanMs} ms\n${statements[w.i]}\n\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
  }
  fs.writeFileSync(EXPLAIN_FILE, parts.join('\n'));
}

// ─── output ───────────────────────────────────────────────────────────────────────────────────

function printTable(report) {
  const { platform, baseline, ratios } = report;
  const line = '─'.repeat(100);
  const s = report.settings;
  console.log(`\n${line}`);
  console.log(`WEOP search bench — ${report.data.items} items, ${s.queries} queries, ${s.connections} clients per side, ${s.secondsPerSide} s per side in ${s.rounds} alternating rounds after ${s.warmupSeconds} s warm-up`);
  console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(line);
  console.log(`${'side'.padEnd(10)}${'what'.padEnd(60)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}`);
  const row = (name, label, r) => console.log(name.padEnd(10) + label.padEnd(60) + String(r.rps).padStart(8) + String(r.p50).padStart(8) + String(r.p95).padStart(8) + String(r.p99).padStart(8));
  row('platform', report.sides.platform, platform);
  row('baseline', report.sides.baseline, baseline);
  console.log(`ratio platform/baseline: p50 ${ratios.p50}, p95 ${ratios.p95}, p99 ${ratios.p99}, req/s ${ratios.rps}`);
  console.log(`platform p95 ≤ ${TARGET_P95_MS} ms target: ${report.targetMet ? 'met' : 'not met'} (p95 ${platform.p95} ms)`);
  console.log(line);
  console.log('latency by rows matched (each match is ranked before the top 20 are kept):');
  console.log(`${'matches'.padEnd(14)}${'queries'.padStart(8)}${'platform p50/p95'.padStart(20)}${'baseline p50/p95'.padStart(20)}`);
  for (const b of report.byMatches) {
    if (!b.queries) continue;
    console.log(b.matches.padEnd(14) + String(b.queries).padStart(8) + `${b.platformP50 ?? '-'} / ${b.platformP95 ?? '-'}`.padStart(20) + `${b.baselineP50 ?? '-'} / ${b.baselineP95 ?? '-'}`.padStart(20));
  }
  console.log('slowest queries (baseline mean ms, rows matched):');
  for (const w of report.slowest.slice(0, 5)) console.log(`  ${String(w.baselineMeanMs).padStart(7)} ms  ${String(w.matches).padStart(6)} rows  ${JSON.stringify(w.query)}`);
  console.log(line);
}

// ─── the run ──────────────────────────────────────────────────────────────────────────────────

async function main() {
  const config = settings();
  await preflight(['identity', 'content', 'gateway'], [IDENTITY_DATABASE, CONTENT_DATABASE]);
  for (const file of [SEARCH_TEXT_MODULE, SEARCH_SERVICE_MODULE]) if (!fs.existsSync(file)) throw new BenchError(`${path.relative(ROOT, file)} not found: run \`npm run build\` first.`);
  const text = require(SEARCH_TEXT_MODULE);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  say(`namespace ${NAMESPACE}, databases ${IDENTITY_DATABASE} and ${CONTENT_DATABASE}, apps' LOG_LEVEL=${config.logLevel}, logs in ${path.relative(process.cwd(), RESULTS_DIR)}/`);
  state.databases.add(IDENTITY_DATABASE);
  state.databases.add(CONTENT_DATABASE);
  // BENCH_CPU_PROFILE=<dir>: content's and the gateway's CPU profiles, written when they stop (bench/cpu-profile.js).
  const profile = process.env.BENCH_CPU_PROFILE ? { cpuProfileDir: path.resolve(process.env.BENCH_CPU_PROFILE) } : {};
  startApp('identity', appEnv({ HEALTH_PORT: '0' }, config.logLevel));
  startApp('content', appEnv({ HEALTH_PORT: '0' }, config.logLevel), profile);
  const port = await freePort();
  startApp('gateway', appEnv({ PORT: String(port), HOST: '127.0.0.1', WEOP_SERVICES: 'identity,content', RATE_LIMIT_PER_MINUTE: '100000000', AUTH_RATE_LIMIT_PER_MINUTE: '100000000' }, config.logLevel), profile);
  const gatewayUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${gatewayUrl}/health/ready`);
  say(`gateway ready at ${gatewayUrl}; content has run its migrations`);

  const crashed = anyChildExit();
  crashed.catch(() => undefined);
  const { writer, queries } = corpus(SEED, config.queryCount);
  say(`generating ${config.items} items into ${CONTENT_DATABASE} …`);
  const data = await Promise.race([generate(config, writer, text), crashed]);
  say(`generated ${data.items} items in ${data.totalSeconds} s (inserts ${data.insertSeconds} s, VACUUM ANALYZE ${data.vacuumAnalyzeSeconds} s); table ${data.sizeMiB.table} MiB, search index ${data.sizeMiB.searchIndex} MiB`);

  const statements = await Promise.all(queries.map((q) => serviceSql({ q: q.q, type: q.type, tag: q.tag, country: q.country, language: q.language })));
  const { Pool } = require('pg');
  // Idle connections stay open: a reconnect at the start of each baseline round would be measured too.
  const pool = new Pool({ connectionString: databaseUrl(CONTENT_DATABASE), max: config.connections, idleTimeoutMillis: 0 });
  const sides = { platform: platformSide(gatewayUrl, queries, config.connections), baseline: baselineSide(pool, statements) };
  try {
    const empty = await Promise.race([checkSameAnswers(sides.platform, sides.baseline, queries, config.connections), crashed]);
    say(`both sides answer all ${queries.length} queries alike (${empty} find nothing)`);

    say(`warming up, ${config.warmupSeconds} s per side …`);
    for (const name of ['platform', 'baseline']) await Promise.race([drive(sides[name], queries.length, config.connections, config.warmupSeconds), crashed]);
    for (const side of Object.values(sides)) side.cursor = 0;

    const measured = await Promise.race([measure(sides, queries, config), crashed]);
    say('counting the rows each query matches …');
    const counts = await matchCounts(pool, statements);
    const worst = slowest(queries, counts, measured.perQuery);
    if (config.explain) {
      await explain(pool, statements, worst.slice(0, 3));
      say(`EXPLAIN (ANALYZE, BUFFERS) of the 3 slowest queries: ${path.relative(process.cwd(), EXPLAIN_FILE)}`);
    }

    const ratio = (key) => Math.round((measured.platform[key] / measured.baseline[key]) * 100) / 100;
    const kinds = {};
    for (const q of queries) kinds[q.kind] = (kinds[q.kind] ?? 0) + 1;
    const report = {
      date: new Date().toISOString(),
      machine: machine(),
      settings: { secondsPerSide: config.seconds, rounds: ROUNDS, warmupSeconds: config.warmupSeconds, connections: config.connections, queries: queries.length, appLogLevel: config.logLevel, seed: SEED },
      data,
      queries: { kinds, withFilter: queries.filter((q) => q.type || q.tag || q.country || q.language).length, findNothing: counts.filter((n) => n === 0).length, medianMatches: percentile(Float64Array.from(counts).sort(), 50), maxMatches: Math.max(...counts) },
      sides: { platform: sides.platform.label, baseline: sides.baseline.label },
      platform: measured.platform,
      baseline: measured.baseline,
      ratios: { p50: ratio('p50'), p95: ratio('p95'), p99: ratio('p99'), rps: ratio('rps') },
      targetP95Ms: TARGET_P95_MS,
      targetMet: measured.platform.p95 <= TARGET_P95_MS,
      byMatches: byMatches(queries, counts, measured.perQuery),
      slowest: worst,
      rounds: measured.rounds,
    };
    printTable(report);
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    say(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    for (const side of Object.values(sides)) side.close();
    await pool.end();
  }

  if (config.keep) {
    state.databases.delete(CONTENT_DATABASE);
    say(`kept ${CONTENT_DATABASE} (BENCH_SEARCH_KEEP); the next run drops it, or: psql -c 'drop database ${CONTENT_DATABASE}'`);
  }
  return 0;
}

runMain(main);
