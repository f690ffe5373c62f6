/**
 * Slows password guessing without letting a stranger lock a member out:
 * - one account from one address: after N failures, blocked for 1 min, doubling to 15 min;
 * - one account from addresses she has never signed in from: after M failures, 30-second pauses.
 *   Addresses she has used before are exempt, so a stranger spraying guesses cannot keep her out;
 * - one address against any accounts: after K failures, blocked for 15 min.
 * Every attempt is counted before the password is checked, atomically, so a burst of parallel
 * guesses cannot slip past the limit; a success takes its count back. Past the limit, each pause is
 * followed by exactly one checked attempt, which starts the next pause: the guesser gets one try per
 * pause, and a member whose pause has ended is never refused unchecked (before, every attempt until
 * the window's end was refused, so a guess every few minutes kept her out for good). Counts reset
 * after a 15-minute window and are purged after it, so the table does not keep emails or addresses.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@weop/contracts';
import { IdentityConfig } from '../identity.config';
import { LoginThrottleRepository } from './login-throttle.repository';

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
    private readonly counts: LoginThrottleRepository,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  private rules(email: string, address: string | null, knownAddress: boolean): Rule[] {
    const rules: Rule[] = [];
    // From addresses she never used: 30-second pauses, doubling with each checked try past the limit up to 5 minutes.
    if (!knownAddress) rules.push({ key: `account:${email}`, threshold: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT, blockSeconds: (n) => Math.min(30 * 2 ** Math.max(0, n - 1), 300) });
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
    const blockedUntil = await this.counts.latestBlock(rules.map((r) => r.key));
    if (blockedUntil) throw tooMany(secondsUntil(blockedUntil));
    for (const rule of rules) {
      const failures = await this.counts.countAttempt(rule.key, WINDOW_MINUTES);
      if (failures <= rule.threshold) continue;
      // Past the limit after a pause that has ended: this attempt is checked, and the next pause starts
      // now, atomically, so attempts made alongside it are refused.
      const seconds = rule.blockSeconds(failures - rule.threshold);
      if (await this.counts.startPauseAfterOne(rule.key, seconds)) continue;
      // Past the limit with no pause over yet (a parallel burst got here before the block was set, or
      // another attempt just took the checked turn): refused unchecked.
      throw tooMany(await this.block(rule, failures));
    }
  }

  /** The password was wrong: at the limit, the key is blocked for a while. */
  async failed(email: string, address: string | null, knownAddress: boolean): Promise<void> {
    for (const rule of this.rules(email, address, knownAddress)) {
      const failures = await this.counts.failures(rule.key);
      if (failures >= rule.threshold) await this.block(rule, failures);
    }
  }

  /** She signed in: this attempt was no failure, and her device's count starts again. */
  async succeeded(email: string, address: string | null, knownAddress: boolean): Promise<void> {
    await this.counts.uncount(this.rules(email, address, knownAddress).map((r) => r.key));
    if (address) await this.counts.remove(`account-address:${email}|${address}`);
  }

  /** Drops counts whose window and block are over (they hold emails and addresses). */
  purgeEnded(): Promise<void> {
    return this.counts.purgeEnded(WINDOW_MINUTES);
  }

  /** Her account is deleted: her counts go too. */
  forget(email: string): Promise<void> {
    return this.counts.removeStartingWith(`account:${email}`, `account-address:${email}|`);
  }

  /** Blocks the rule's key; returns the seconds until it ends (Retry-After), a longer block already set included. */
  private async block(rule: Rule, failures: number): Promise<number> {
    return secondsUntil(await this.counts.block(rule.key, rule.blockSeconds(Math.max(0, failures - rule.threshold))));
  }
}

const secondsUntil = (when: Date | string): number => Math.max(1, Math.ceil((new Date(when).getTime() - Date.now()) / 1000));
