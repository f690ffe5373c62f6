/**
 * The rate limiter's counters: one fixed window per key (route and address), O(1) per request.
 *
 * @nestjs/throttler's own in-memory storage keeps a sliding log, a timestamp per hit, and filters the whole
 * log on every request: its cost grows with the limit (a 1 200-a-minute limit means up to 1 200 timestamps
 * scanned per request, per route and address). A fixed window counts instead. What it allows differs only at
 * a window's edge, where an address can get up to twice the limit across two adjacent windows; the
 * credential routes' tighter limit and the per-account login pauses (identity) are not affected by that.
 * Over the limit, the key is refused for `blockDuration` from the request that went over (as the library's
 * storage does), and `Retry-After` says when it may try again.
 */
import type { ThrottlerStorage } from '@nestjs/throttler';

/** Where a key stands after a request (the library's ThrottlerStorageRecord, which the package does not export). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweep?: NodeJS.Timeout;

  constructor(private readonly sweepIntervalMs = 60_000) {}

  /** The library's interface: `hit`, as a promise. */
  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(key, ttl, limit, blockDuration, throttlerName));
  }

  /** Counts one request against `key`'s window and says where the key stands, at once (the gateway's guard calls this). */
  hit(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottlerStorageRecord {
    // Unref'd: it never keeps the process alive.
    this.sweep ??= setInterval(() => this.evict(Date.now()), this.sweepIntervalMs).unref();
    const now = Date.now();
    const id = `${throttlerName}\u0000${key}`;
    let record = this.windows.get(id);
    if (record && record.blockedUntil > now) {
      return { totalHits: record.hits, timeToExpire: seconds(record.windowEndsAt - now), isBlocked: true, timeToBlockExpire: seconds(record.blockedUntil - now) };
    }
    if (!record || record.windowEndsAt <= now || record.blockedUntil > 0) {
      // A new window, or the first request after a block ended.
      record = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, record);
    }
    record.hits += 1;
    if (record.hits > limit) {
      record.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
      return { totalHits: record.hits, timeToExpire: seconds(record.windowEndsAt - now), isBlocked: true, timeToBlockExpire: seconds(record.blockedUntil - now) };
    }
    return { totalHits: record.hits, timeToExpire: seconds(record.windowEndsAt - now), isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Drops windows that ended and blocks that expired, so addresses seen once do not stay in memory. */
  evict(now: number): void {
    for (const [id, record] of this.windows) {
      if (record.windowEndsAt <= now && record.blockedUntil <= now) this.windows.delete(id);
    }
  }

  get size(): number {
    return this.windows.size;
  }
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
