/**
 * The daily email digest: every DIGEST_INTERVAL_MS, each member who chose `digest: "daily"`, got none
 * in the last DIGEST_PERIOD_HOURS and has unread lines no digest carried yet gets one mail. Her address
 * is asked of identity at send time (`identity.accounts.emails`) and never stored here. The lines are
 * marked emailed in the transaction that holds her preference row locked while the mail is handed to
 * the transport, so replicas never both send it and a line is never mailed twice (a crash between the
 * hand-over and the commit is the one case that can repeat a mail).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { IdentityRequests } from '@weop/contracts';
import type { AccountEmails } from '@weop/contracts';
import { PeriodicTask, ServiceClient } from '@weop/messaging';
import { PINO_LOGGER, safeError } from '@weop/observability';
import { CommunityConfig } from '../../community.config';
import { NotificationsRepository } from '../notifications.repository';
import { digestMail } from './digest-mail';
import { Mailer } from '@weop/mail';

const BATCH = 100;

@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsRepository,
    private readonly identity: ServiceClient,
    private readonly mailer: Mailer,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('sending daily digests', config.DIGEST_INTERVAL_MS, () => this.sendDue(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass; answers how many digests were sent. */
  async sendDue(now = new Date()): Promise<number> {
    const sentBefore = new Date(now.getTime() - this.config.DIGEST_PERIOD_HOURS * 3_600_000);
    let sent = 0;
    const tried = new Set<string>();
    for (;;) {
      const due = (await this.notifications.dueForDigest(this.em.fork(), sentBefore, BATCH)).filter((id) => !tried.has(id));
      if (due.length === 0) break;
      due.forEach((id) => tried.add(id));
      const { items } = await this.identity.request<AccountEmails>(IdentityRequests.accountEmails, { accountIds: due });
      const emails = new Map(items.map((i) => [i.accountId, i.email]));
      for (const accountId of due) {
        try {
          if (await this.sendOne(accountId, emails.get(accountId), sentBefore, now)) sent += 1;
        } catch (error) {
          // Her lines stay unmailed and her digest due: the next pass tries again.
          // Without the error's message: a mail transport's message can carry the recipient's address.
          const { message: _withAddress, ...error_ } = safeError(error);
          this.logger.warn({ error: error_, accountId }, 'a digest could not be sent; will retry');
        }
      }
      if (due.length < BATCH) break;
    }
    if (sent > 0) this.logger.info({ sent }, 'daily digests sent');
    return sent;
  }

  private sendOne(accountId: string, email: string | undefined, sentBefore: Date, now: Date): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      if (!(await this.notifications.lockDue(em, accountId, sentBefore))) return false;
      if (!email) {
        // No address (the account is gone or not yet known to identity): try again next period, send nothing.
        await this.notifications.markEmailed(em, accountId, [], now);
        return false;
      }
      const lines = await this.notifications.digestLines(em, accountId);
      if (lines.length === 0) return false;
      await this.mailer.send({ to: email, ...digestMail(lines, this.config.WEOP_PUBLIC_URL) });
      await this.notifications.markEmailed(em, accountId, lines.map((l) => l.id), now);
      return true;
    });
  }
}
