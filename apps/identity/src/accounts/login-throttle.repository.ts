import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

/** Sign-in attempt counts by key, in a window; every change is one atomic statement. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  private async run<T>(sql: string, params: unknown[] = []): Promise<T> {
    return (await this.em.fork().getConnection().execute(sql, params)) as T;
  }

  async latestBlock(keys: string[]): Promise<Date | undefined> {
    const rows = await this.run<{ blocked_until: Date }[]>(
      'select blocked_until from login_throttle where key in (?) and blocked_until > now() order by blocked_until desc limit 1',
      [keys],
    );
    return rows[0] ? new Date(rows[0].blocked_until) : undefined;
  }

  /** Counts one attempt (a new window when the last one is over); returns the count in the window. */
  async countAttempt(key: string, windowMinutes: number): Promise<number> {
    const [row] = await this.run<{ failures: number }[]>(
      `insert into login_throttle (key, failures, window_started_at) values (?, 1, now())
       on conflict (key) do update set
         failures = case when login_throttle.window_started_at < now() - (? * interval '1 minute') then 1 else login_throttle.failures + 1 end,
         window_started_at = case when login_throttle.window_started_at < now() - (? * interval '1 minute') then now() else login_throttle.window_started_at end
       returning failures`,
      [key, windowMinutes, windowMinutes],
    );
    return row.failures;
  }

  async failures(key: string): Promise<number> {
    const [row] = await this.run<{ failures: number }[]>('select failures from login_throttle where key = ?', [key]);
    return row?.failures ?? 0;
  }

  /** Blocks the key for at least `seconds` more; returns when the block now ends. */
  async block(key: string, seconds: number): Promise<Date> {
    const [row] = await this.run<{ blocked_until: Date }[]>(
      `update login_throttle set blocked_until = greatest(coalesce(blocked_until, now()), now() + (? * interval '1 second')) where key = ? returning blocked_until`,
      [seconds, key],
    );
    return new Date(row?.blocked_until ?? Date.now() + seconds * 1000);
  }

  /**
   * Takes the one checked attempt that follows an ended pause: starts the next pause and answers true,
   * unless no pause has ended (none was ever set in this window, or one is still running). One statement,
   * so of attempts made at the same moment exactly one gets the turn.
   */
  async startPauseAfterOne(key: string, seconds: number): Promise<boolean> {
    const rows = await this.run<unknown[]>(
      `update login_throttle set blocked_until = now() + (? * interval '1 second')
        where key = ? and blocked_until is not null and blocked_until <= now() returning key`,
      [seconds, key],
    );
    return rows.length > 0;
  }

  async uncount(keys: string[]): Promise<void> {
    await this.run('update login_throttle set failures = greatest(failures - 1, 0) where key in (?)', [keys]);
  }

  async remove(key: string): Promise<void> {
    await this.run('delete from login_throttle where key = ?', [key]);
  }

  async removeStartingWith(exact: string, prefix: string): Promise<void> {
    await this.run('delete from login_throttle where key = ? or starts_with(key, ?)', [exact, prefix]);
  }

  async purgeEnded(windowMinutes: number): Promise<void> {
    await this.run(
      `delete from login_throttle where window_started_at < now() - (? * interval '1 minute') and (blocked_until is null or blocked_until < now())`,
      [windowMinutes],
    );
  }
}
