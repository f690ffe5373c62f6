/**
 * Slows password guessing without letting a stranger lock a member out for long:
 * - one account from one address: after N failures, blocked for 1 min, doubling to 15 min;
 * - one account from anywhere: after M failures, short pauses only (30 s), so an attacker spraying
 *   from many addresses is slowed but the owner, from her own address, is never blocked for long;
 * - one address against any accounts: after K failures, blocked for 15 min.
 * Counts reset after a 15-minute window; a successful sign-in clears her account-and-address count.
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

@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly em: EntityManager,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  private rules(email: string, address: string | null): Rule[] {
    const rules: Rule[] = [
      { key: `account:${email}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, blockSeconds: () => 30 },
    ];
    if (address) {
      rules.push(
        { key: `account-address:${email}|${address}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS, blockSeconds: (n) => Math.min(60 * 2 ** n, 900) },
        { key: `address:${address}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ADDRESS, blockSeconds: () => 900 },
      );
    }
    return rules;
  }

  /** Refuses the attempt with RATE_LIMITED while any of its keys is blocked. */
  async check(email: string, address: string | null): Promise<void> {
    const keys = this.rules(email, address).map((r) => r.key);
    const rows = await this.em.fork().getConnection().execute<{ blocked_until: Date }[]>(
      'select blocked_until from login_throttle where key in (?) and blocked_until > now() order by blocked_until desc limit 1',
      [keys],
    );
    if (rows.length > 0) {
      const seconds = Math.max(1, Math.ceil((new Date(rows[0].blocked_until).getTime() - Date.now()) / 1000));
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-in attempts. Try again in ${seconds} seconds.`, [], seconds);
    }
  }

  async recordFailure(email: string, address: string | null): Promise<void> {
    const conn = this.em.fork().getConnection();
    for (const rule of this.rules(email, address)) {
      const [row] = await conn.execute<{ failures: number }[]>(
        `insert into login_throttle (key, failures, window_started_at) values (?, 1, now())
         on conflict (key) do update set
           failures = case when login_throttle.window_started_at < now() - interval '${WINDOW_MINUTES} minutes' then 1 else login_throttle.failures + 1 end,
           window_started_at = case when login_throttle.window_started_at < now() - interval '${WINDOW_MINUTES} minutes' then now() else login_throttle.window_started_at end
         returning failures`,
        [rule.key],
      );
      if (row.failures >= rule.threshold) {
        const seconds = rule.blockSeconds(row.failures - rule.threshold);
        await conn.execute(`update login_throttle set blocked_until = now() + (? * interval '1 second') where key = ?`, [seconds, rule.key]);
      }
    }
  }

  async recordSuccess(email: string, address: string | null): Promise<void> {
    if (!address) return;
    await this.em.fork().getConnection().execute('delete from login_throttle where key = ?', [`account-address:${email}|${address}`]);
  }
}
