#!/usr/bin/env node
/*
 * bench/photo-reuse.js — `npm run build --silent && node bench/photo-reuse.js`: the numbers behind identity's photo-reuse check (issue 5),
 * in two parts. Runs dist/, so build first.
 *
 *   1. Hash quality. Seeded synthetic photos (libs/testing: BENCH_PHOTO_PORTRAITS portraits, default 150, and
 *      BENCH_PHOTO_SCENES scenes, default 50) plus every JPEG/PNG in BENCH_PHOTO_DIR if set (real photos; none
 *      ship with the repo). Each photo is cleaned as identity cleans an upload (upright, ≤1024 px, WebP q82) and
 *      hashed with identity's photoHash. For each, a set of transforms a copier would apply is cleaned and
 *      hashed too; the distance to the original is reported per transform (p50, p95, max). Then the distance
 *      between every two different photos: the smallest ones, and how many pairs fall within 6…16 bits, with
 *      the false matches per upload that rate means against 100 000 members.
 *   2. Scan time. A database `weop_bench_photos` with identity's table (the same migration's statement) holding
 *      BENCH_PHOTO_ROWS hashes (default 100 000, random), then NEAREST_PHOTOS_SQL of identity's repository —
 *      the exact statement an upload runs — BENCH_PHOTO_QUERIES times (default 300) with random hashes:
 *      p50/p95/max in ms, and its plan. The database is dropped at the end.
 *
 * Environment: BENCH_PHOTO_DIR, BENCH_PHOTO_PORTRAITS, BENCH_PHOTO_SCENES, BENCH_PHOTO_ROWS, BENCH_PHOTO_QUERIES,
 * DATABASE_URL (a PostgreSQL server; default postgresql://postgres@127.0.0.1:5432/postgres). Results: the
 * console and bench/results/photo-reuse.json; docs/performance.md "Photo reuse".
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = (...p) => path.join(ROOT, 'dist', ...p);
const SERVER_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'weop_bench_photos';

const count = (name, fallback) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw} must be a whole number`);
  return value;
};
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

async function hashQuality(sharp, photoHash, hammingDistance, syntheticPhoto) {
  const clean = (bytes) => sharp(bytes).rotate().resize(1024, 1024, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 82 }).toBuffer();
  const hashOf = async (bytes) => photoHash(await clean(bytes));
  const photos = [];
  for (let i = 1; i <= count('BENCH_PHOTO_PORTRAITS', 150); i++) photos.push({ name: `portrait ${i}`, bytes: await syntheticPhoto(1000 + i, 'portrait') });
  for (let i = 1; i <= count('BENCH_PHOTO_SCENES', 50); i++) photos.push({ name: `scene ${i}`, bytes: await syntheticPhoto(5000 + i, 'scene') });
  const dir = process.env.BENCH_PHOTO_DIR;
  if (dir) {
    for (const file of fs.readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort()) photos.push({ name: file, bytes: fs.readFileSync(path.join(dir, file)) });
  }

  const transforms = {
    'half size, JPEG q80': (s, m) => s.resize(Math.round(m.width / 2)).jpeg({ quality: 80 }),
    '160 px wide, PNG': (s) => s.resize(160).png(),
    'JPEG q10': (s) => s.jpeg({ quality: 10 }),
    'brighter 10 %, JPEG q70': (s) => s.modulate({ brightness: 1.1 }).jpeg({ quality: 70 }),
    'crop 2.5 % each side': (s, m) => s.extract(crop(m, 0.025, 0.025, 0.025, 0.025)),
    'crop 5 % off the bottom': (s, m) => s.extract(crop(m, 0, 0, 0, 0.05)),
    'crop 5 % off the left': (s, m) => s.extract(crop(m, 0.05, 0, 0, 0)),
    'crop 5 % off top and left': (s, m) => s.extract(crop(m, 0.05, 0.05, 0, 0)),
    'crop 2.5 % each side, 60 %, JPEG q25': (s, m) => s.extract(crop(m, 0.025, 0.025, 0.025, 0.025)).resize(Math.round(m.width * 0.6)).jpeg({ quality: 25 }),
  };
  function crop(m, left, top, right, bottom) {
    const l = Math.round(m.width * left);
    const t = Math.round(m.height * top);
    return { left: l, top: t, width: m.width - l - Math.round(m.width * right), height: m.height - t - Math.round(m.height * bottom) };
  }

  const hashes = [];
  const same = Object.fromEntries(Object.keys(transforms).map((k) => [k, []]));
  let flat = 0;
  for (const photo of photos) {
    const hash = await hashOf(photo.bytes);
    if (hash === null) {
      flat++;
      continue;
    }
    hashes.push({ name: photo.name, hash });
    const meta = await sharp(photo.bytes).metadata();
    for (const [name, apply] of Object.entries(transforms)) {
      const copied = await hashOf(await apply(sharp(photo.bytes), meta).toBuffer());
      // A copy too plain to hash cannot be matched: counted as the farthest distance.
      same[name].push(copied === null ? 64 : hammingDistance(hash, copied));
    }
  }
  const sameSummary = Object.fromEntries(
    Object.entries(same).map(([name, ds]) => {
      const sorted = [...ds].sort((a, b) => a - b);
      const share = (t) => `${Math.round((sorted.filter((d) => d <= t).length / sorted.length) * 100)} %`;
      return [name, { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1], '≤ 8': share(8), '≤ 10': share(10), '≤ 12': share(12) }];
    }),
  );
  const pairs = [];
  for (let i = 0; i < hashes.length; i++) for (let j = i + 1; j < hashes.length; j++) pairs.push({ a: hashes[i].name, b: hashes[j].name, d: hammingDistance(hashes[i].hash, hashes[j].hash) });
  pairs.sort((x, y) => x.d - y.d);
  // Pairs by kind: synthetic portraits share one pose and framing, the hardest case; real photos come from BENCH_PHOTO_DIR.
  const kind = (name) => (name.startsWith('portrait ') ? 'portrait' : name.startsWith('scene ') ? 'scene' : 'real');
  const groups = { 'portrait–portrait': (p) => kind(p.a) === 'portrait' && kind(p.b) === 'portrait', 'real–real': (p) => kind(p.a) === 'real' && kind(p.b) === 'real', 'all pairs': () => true };
  const within = {};
  for (let t = 6; t <= 16; t += 2) {
    within[`≤ ${t}`] = {};
    for (const [group, member] of Object.entries(groups)) {
      const inGroup = pairs.filter(member);
      if (inGroup.length === 0) continue;
      const n = inGroup.filter((p) => p.d <= t).length;
      within[`≤ ${t}`][group] = `${n} / ${inGroup.length}`;
    }
  }
  return { photos: photos.length, flat, sameSummary, distinctPairs: pairs.length, closestDistinct: pairs.slice(0, 10), distinctP1: quantile(pairs.map((p) => p.d), 0.01), distinctMedian: quantile(pairs.map((p) => p.d), 0.5), within };
}

async function scanTime(NEAREST_PHOTOS_SQL) {
  const { Client } = require('pg');
  const server = new Client({ connectionString: SERVER_URL });
  await server.connect();
  await server.query(`drop database if exists ${DATABASE}`);
  await server.query(`create database ${DATABASE}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${DATABASE}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const rows = count('BENCH_PHOTO_ROWS', 100_000);
    // identity's tables as its migration creates them (profile reduced to the key the hashes reference).
    await db.query('create table profile (account_id uuid primary key)');
    const { PhotoHashesMigration } = require(DIST('apps', 'identity', 'src', 'database', 'photo-hashes.migration.js'));
    const migration = Object.create(PhotoHashesMigration.prototype);
    const statements = [];
    migration.addSql = (sql) => statements.push(sql);
    migration.up();
    for (const sql of statements) await db.query(sql);
    const random64 = () => BigInt.asIntN(64, crypto.randomBytes(8).readBigUInt64BE()).toString();
    for (let done = 0; done < rows; done += 5000) {
      const n = Math.min(5000, rows - done);
      const ids = Array.from({ length: n }, () => crypto.randomUUID());
      await db.query('insert into profile (account_id) select unnest($1::uuid[])', [ids]);
      await db.query(`insert into profile_photo_hash (account_id, hash, since) select unnest($1::uuid[]), unnest($2::bigint[]), now() - random() * interval '700 days'`, [ids, ids.map(random64)]);
    }
    await db.query('vacuum analyze profile_photo_hash');
    let n = 0;
    const sql = NEAREST_PHOTOS_SQL.replace(/\?/g, () => `$${++n}`);
    const params = () => {
      const h = random64();
      return [h, crypto.randomUUID(), h, 10, 5];
    };
    for (let i = 0; i < 20; i++) await db.query(sql, params());
    const times = [];
    for (let i = 0; i < count('BENCH_PHOTO_QUERIES', 300); i++) {
      const started = process.hrtime.bigint();
      await db.query(sql, params());
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const plan = (await db.query(`explain (analyze, buffers) ${sql}`, params())).rows.map((r) => r['QUERY PLAN']);
    const size = (await db.query(`select pg_size_pretty(pg_total_relation_size('profile_photo_hash')) as size`)).rows[0].size;
    return { rows, tableSize: size, p50: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), max: round(times[times.length - 1]), plan };
  } finally {
    await db.end();
    await server.query(`drop database if exists ${DATABASE}`);
    await server.end();
  }
}

const round = (n) => Math.round(n * 100) / 100;

async function main() {
  const sharp = require('sharp');
  const { photoHash, hammingDistance } = require(DIST('apps', 'identity', 'src', 'profiles', 'photo-hash.js'));
  const { syntheticPhoto } = require(DIST('libs', 'testing', 'src', 'synthetic-photos.js'));
  const { NEAREST_PHOTOS_SQL } = require(DIST('apps', 'identity', 'src', 'profiles', 'photo-hashes.repository.js'));
  const quality = await hashQuality(sharp, photoHash, hammingDistance, syntheticPhoto);
  console.log(`[bench] ${quality.photos} photos (${quality.flat} too plain to hash); distance of a transformed copy to its original:`);
  console.table(quality.sameSummary);
  console.log(`[bench] ${quality.distinctPairs} pairs of different photos: median ${quality.distinctMedian}, 1st percentile ${quality.distinctP1}; closest:`);
  console.table(quality.closestDistinct);
  console.table(quality.within);
  const scan = await scanTime(NEAREST_PHOTOS_SQL);
  console.log(`[bench] nearest-photo scan over ${scan.rows} hashes (${scan.tableSize}): p50 ${scan.p50} ms, p95 ${scan.p95} ms, max ${scan.max} ms`);
  console.log(scan.plan.join('\n'));
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'photo-reuse.json'), JSON.stringify({ at: new Date().toISOString(), quality, scan }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
