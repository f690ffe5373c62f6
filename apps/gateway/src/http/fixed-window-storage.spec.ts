import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import type { ThrottlerStorageRecord } from './fixed-window-storage';

describe('FixedWindowThrottlerStorage', () => {
  afterEach(() => jest.useRealTimers());

  it('counts hits per key in a window at once (no promise), refuses past the limit with the time left, and lets the key in again when the block ends', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const storage = new FixedWindowThrottlerStorage();
    const seen: ThrottlerStorageRecord[] = [];
    for (let i = 0; i < 4; i += 1) seen.push(storage.hit('route:10.0.0.1', 60_000, 3, 60_000, 'default'));
    expect(seen.map((s) => s.isBlocked)).toEqual([false, false, false, true]);
    expect(seen.map((s) => s.totalHits)).toEqual([1, 2, 3, 4]);
    expect(seen[3].timeToBlockExpire).toBe(60);
    // Another address, and the same address under another throttler's name, have counts of their own.
    expect((storage.hit('route:10.0.0.2', 60_000, 3, 60_000, 'default')).isBlocked).toBe(false);
    expect((storage.hit('route:10.0.0.1', 60_000, 3, 60_000, 'auth')).isBlocked).toBe(false);
    jest.advanceTimersByTime(30_000);
    const stillBlocked = storage.hit('route:10.0.0.1', 60_000, 3, 60_000, 'default');
    expect(stillBlocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    jest.advanceTimersByTime(30_001);
    expect(storage.hit('route:10.0.0.1', 60_000, 3, 60_000, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('answers the library\'s increment() the same, starts a new window when the last one ended, and forgets keys whose window and block are over', async () => {
    jest.useFakeTimers({ now: 5_000_000 });
    const storage = new FixedWindowThrottlerStorage();
    await storage.increment('a', 1000, 10, 1000, 'default');
    await storage.increment('a', 1000, 10, 1000, 'default');
    jest.advanceTimersByTime(1001);
    expect(await storage.increment('a', 1000, 10, 1000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
    await storage.increment('b', 1000, 10, 1000, 'default');
    expect(storage.size).toBe(2);
    storage.evict(Date.now() + 1001);
    expect(storage.size).toBe(0);
  });
});
