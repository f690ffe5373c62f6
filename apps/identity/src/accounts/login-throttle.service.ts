/**
 * Slows password guessing without letting a stranger lock a member out:
 * - one account from one address: after N failures, blocked for 1 min, doubling to 15 min;
 * - one account from addresses she has never signed in from: after M failures, 30-second pauses.
 *   Addresses she has used before are exempt, so a stranger spraying guesses cannot keep her out;
 * - one address against any accounts: after K failures, blocked for 15 min.
 * Every attempt is counted before the password is checked, atomically, so a burst of parallel
 * guesses cannot slip past the limit; a success takes its count back. Counts reset after a
 * 15-minute window and are purged after it, so the table does not keep emails or addresses.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '@weop/contracts';
import { IdentityConfig } from '../identity.config';

const WINDOW_MINUTES = 15;

interface Rule {
  key: string;
  threshold: number;
  blockSeconds: (excess: number) => number;
}

const tooMany = (seconds: number): DomainError =>
  new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-in attempts. Try again in ${seconds} seconds.`, [], seconds);

@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly em: EntityManager,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  private rules(email: string, address: string | null, knownAddress: boolean): Rule[] {
    const rules: Rule[] = [];
    if (!knownAddress) rules.push({ key: `account:${email}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, blockSeconds: () => 30 });
    if (address) {
      rules.push(
        { key: `account-address:${email}|${address}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS, blockSeconds: (n) => Math.min(60 * 2 ** n, 900) },
        { key: `address:${address}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ADDRESS, blockSeconds: () => 900 },
      );
    }
    return rules;
  }

  /** Before checking a password: refuses while blocked, and counts this attempt. */
  async begin(email: string, address: string | null, knownAddress: boolean): Promise<void> {
    const rules = this.rules(email, address, knownAddress);
    const conn = this.em.fork().getConnection();
    const blocked = await conn.execute<{ blocked_until: Date }[]>(
      'select blocked_until from login_throttle where key in (?) and blocked_until > now() order by blocked_until desc limit 1',
      [rules.map((r) => r.key)],
    );
    if (blocked.length > 0) throw tooMany(secondsUntil(blocked[0].blocked_until));
    for (const rule of rules) {
      const [row] = await conn.execute<{ failures: number }[]>(
        `insert into login_throttle (key, failures, window_started_at) values (?, 1, now())
         on conflict (key) do update set
           failures = case when login_throttle.window_started_at < now() - interval '${WINDOW_MINUTES} minutes' then 1 else login_throttle.failures + 1 end,
           window_started_at = case when login_throttle.window_started_at < now() - interval '${WINDOW_MINUTES} minutes' then now() else login_throttle.window_started_at end
         returning failures`,
        [rule.key],
      );
      // Past the limit (a parallel burst got here before the block was set): refused unchecked.
      if (row.failures > rule.threshold) throw tooMany(await this.block(rule, row.failures));
    }
  }

  /** The password was wrong: at the limit, the key is blocked for a while. */
  async failed(email: string, address: string | null, knownAddress: boolean): Promise<void> {
    const conn = this.em.fork().getConnection();
    for (const rule of this.rules(email, address, knownAddress)) {
      const [row] = await conn.execute<{ failures: number }[]>('select failures from login_throttle where key = ?', [rule.key]);
      if (row && row.failures >= rule.threshold) await this.block(rule, row.failures);
    }
  }

  /** She signed in: this attempt was no failure, and her device's count starts again. */
  async succeeded(email: string, address: string | null, knownAddress: boolean): Promise<void> {
    const conn = this.em.fork().getConnection();
    const rules = this.rules(email, address, knownAddress);
    await conn.execute('update login_throttle set failures = greatest(failures - 1, 0) where key in (?)', [rules.map((r) => r.key)]);
    if (address) await conn.execute('delete from login_throttle where key = ?', [`account-address:${email}|${address}`]);
  }

  /** Drops counts whose window and block are over (they hold emails and addresses). */
  async purgeEnded(): Promise<void> {
    await this.em
      .fork()
      .getConnection()
      .execute(
        `delete from login_throttle where window_started_at < now() - interval '${WINDOW_MINUTES} minutes' and (blocked_until is null or blocked_until < now())`,
      );
  }

  /** Her account is deleted: her counts go too. */
  async forget(email: string): Promise<void> {
    await this.em
      .fork()
      .getConnection()
      .execute('delete from login_throttle where key = ? or starts_with(key, ?)', [`account:${email}`, `account-address:${email}|`]);
  }

  private async block(rule: Rule, failures: number): Promise<number> {
    const seconds = rule.blockSeconds(Math.max(0, failures - rule.threshold));
    await this.em
      .fork()
      .getConnection()
      .execute(`update login_throttle set blocked_until = greatest(coalesce(blocked_until, now()), now() + (? * interval '1 second')) where key = ?`, [seconds, rule.key]);
    return seconds;
  }
}

const secondsUntil = (when: Date | string): number => Math.max(1, Math.ceil((new Date(when).getTime() - Date.now()) / 1000));
