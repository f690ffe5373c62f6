/** Job posts after they are written: a moderator's review, the poster closing one, and expiry (and, on the same clock, thawing items whose author's suspension ran out). */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, forbidden, notFound, validationFailed } from '@weop/contracts';
import type { ContentItemView, ContentPage, JobReviewRequest, Principal } from '@weop/contracts';
import { decodeCursor, pageOf } from '@weop/contracts';
import type { Logger } from 'pino';
import { PeriodicTask } from '@weop/messaging';
import { PINO_LOGGER } from '@weop/observability';
import { ContentConfig } from '../content.config';
import { canSee, isAuthor, isStaff } from '../items/content-access';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentItemsService } from '../items/content-items.service';
import { contentView } from '../items/content-view';
import { ModerationRepository } from '../moderation/moderation.repository';
import { touch } from '../items/content-item.entity';

@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly lifecycle: ContentItemsService,
    private readonly moderation: ModerationRepository,
    @Inject(ContentConfig) private readonly config: ContentConfig,
    @Inject(PINO_LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask('expiring job posts and thawing items', config.JOB_EXPIRY_INTERVAL_MS, () => this.onSchedule(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Both run even when one fails; the first failure is logged and both retried on the next tick. */
  private async onSchedule(): Promise<void> {
    const results = await Promise.allSettled([
      this.expireDue(),
      // A suspension that simply ran out thaws her items even if no "lifted" event comes.
      this.em.fork().transactional((em) => this.moderation.thawUnsanctioned(em)),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Jobs waiting for review, oldest first (moderators). */
  async pending(moderator: Principal, limit = 20, cursor?: string): Promise<ContentPage> {
    if (!isStaff(moderator)) throw forbidden('Only moderators review job posts.');
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const em = this.em.fork();
    const rows = await this.items.pendingJobs(key ? { at: String(key[0]), id: String(key[1]) } : undefined, limit, em);
    const page = pageOf(rows, limit, (i) => [i.createdAt.toISOString(), i.id]);
    const members = await this.items.members(page.items.map((i) => i.authorId), em);
    return { items: page.items.map((i) => contentView(i, members.get(i.authorId), moderator)), nextCursor: page.nextCursor };
  }

  async review(moderator: Principal, id: string, input: JobReviewRequest): Promise<ContentItemView> {
    if (!isStaff(moderator)) throw forbidden('Only moderators review job posts.');
    if (input.decision === 'reject' && !input.reason) throw validationFailed('reason', 'is required to reject: the poster is told why');
    return this.em.fork().transactional(async (em) => {
      const job = await this.items.byId(id, em, true);
      if (!job || job.type !== 'job') throw notFound('The job');
      if (job.status !== 'pending-review') throw new DomainError('CONTENT_STATE', `This job is ${job.status}, not waiting for review.`);
      if (isAuthor(job, moderator)) throw forbidden('A moderator does not review her own job post.');
      const now = new Date();
      if (input.decision === 'approve') {
        await this.lifecycle.markPublished(em, job, now);
        job.reviewReason = input.reason ?? null;
      } else {
        job.status = 'rejected';
        job.reviewReason = input.reason ?? null;
        touch(job, now);
      }
      await em.flush();
      return this.lifecycle.view(em, job, moderator);
    });
  }

  /** The poster closes a job she no longer takes applications for. */
  async close(actor: Principal, id: string): Promise<ContentItemView> {
    return this.em.fork().transactional(async (em) => {
      const job = await this.items.byId(id, em, true);
      if (!job || job.type !== 'job' || !canSee(job, actor)) throw notFound('The job');
      if (!isAuthor(job, actor) && !isStaff(actor)) throw forbidden('Only the poster can close this job.');
      // A draft or a job under review is deleted, not closed: closing keeps it readable by link.
      if (job.status !== 'published') throw new DomainError('CONTENT_STATE', `Only a published job can be closed; this one is ${job.status}.`);
      job.status = 'closed';
      touch(job);
      await this.lifecycle.announceWithdrawn(em, job, 'closed');
      await em.flush();
      return this.lifecycle.view(em, job, actor);
    });
  }

  /** Published jobs past their deadline or 30-day life become expired; replicas share the rows (skip locked). */
  async expireDue(now = new Date()): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const due = await this.items.dueJobs(now, em);
      for (const job of due) {
        job.status = 'expired';
        touch(job, now);
        await this.lifecycle.announceWithdrawn(em, job, 'expired');
      }
      return due.length;
    });
  }
}
