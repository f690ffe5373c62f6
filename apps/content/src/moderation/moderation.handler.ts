/**
 * What trust-safety decides, applied to content exactly once (the inbox records each event in the
 * same transaction): hide, remove or restore a subject; freeze a sanctioned member's open job posts
 * and events, and thaw them when no sanction of hers remains; move her reports' statuses on.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseReportsUpdatedV1, SanctionImposedV1, SanctionLiftedV1, SubjectVisibilityChangedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { Comment, ContentItem } from '../items/content-item.entity';
import { ReportsService } from '../reports/reports.service';

const OPEN_STATUSES = ['draft', 'pending-review', 'published'];

/**
 * Thaws the frozen items of authors (one, or all) who have no suspension or expulsion in force any
 * more — after a lift, or when a suspension's end passed (the scheduler in jobs.service.ts).
 */
export async function thawUnsanctioned(em: EntityManager, accountId?: string): Promise<void> {
  await em.getConnection().execute(
    `update content_item i set frozen = false
      where i.frozen ${accountId ? 'and i.author_id = ?' : ''}
        and not exists (select 1 from sanction s
                         where s.account_id = i.author_id and s.lifted_at is null
                           and s.kind in ('suspension', 'expulsion') and (s.ends_at is null or s.ends_at > now()))`,
    accountId ? [accountId] : [], 'run', em.getTransactionContext(),
  );
}

@Injectable()
export class ModerationHandler {
  constructor(private readonly reports: ReportsService) {}

  @OnEvent(SubjectVisibilityChangedV1.subject)
  async visibilityChanged(event: SubjectVisibilityChangedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.subjectType === 'comment' || event.subjectType === 'reply') {
      await this.commentVisibility(em, event);
      return;
    }
    if (event.subjectType === 'profile') return;
    // A late, older decision never undoes a newer one.
    await em.nativeUpdate(ContentItem, { id: event.subjectId, visibilityVersion: { $lt: event.version } }, { visibility: event.visibility, visibilityVersion: event.version });
  }

  /** Also keeps the item's comment count equal to the comments members can see. */
  private async commentVisibility(em: EntityManager, event: SubjectVisibilityChangedV1): Promise<void> {
    const comment = await em.findOne(Comment, { id: event.subjectId });
    if (!comment || comment.visibilityVersion >= event.version) return;
    const wasVisible = comment.visibility === 'visible';
    comment.visibility = event.visibility;
    comment.visibilityVersion = event.version;
    const isVisible = event.visibility === 'visible';
    if (comment.deletedAt === null && wasVisible !== isVisible) {
      await em.getConnection().execute(
        'update content_item set comment_count = greatest(0, comment_count + ?) where id = ?', [isVisible ? 1 : -1, comment.itemId], 'run', em.getTransactionContext(),
      );
    }
  }

  @OnEvent(SanctionImposedV1.subject)
  async sanctionImposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    const conn = em.getConnection();
    const [row] = await conn.execute<{ lifted_at: Date | null }[]>(
      `insert into sanction (sanction_id, account_id, kind, ends_at) values (?, ?, ?, ?)
       on conflict (sanction_id) do update set kind = excluded.kind, ends_at = excluded.ends_at
       returning lifted_at`,
      [event.sanctionId, event.accountId, event.kind, event.endsAt], 'all', em.getTransactionContext(),
    );
    const ended = event.endsAt !== null && new Date(event.endsAt) <= new Date();
    if (event.kind === 'warning' || row?.lifted_at || ended) return;
    await em.nativeUpdate(ContentItem, { authorId: event.accountId, type: { $in: ['job', 'event'] }, status: { $in: OPEN_STATUSES as ContentItem['status'][] }, frozen: false }, { frozen: true });
  }

  @OnEvent(SanctionLiftedV1.subject)
  async sanctionLifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    // Recorded even when the imposed event has not arrived yet, so that it finds the sanction lifted.
    await em.getConnection().execute(
      `insert into sanction (sanction_id, account_id, kind, lifted_at) values (?, ?, 'unknown', ?)
       on conflict (sanction_id) do update set lifted_at = excluded.lifted_at`,
      [event.sanctionId, event.accountId, new Date(event.liftedAt)], 'run', em.getTransactionContext(),
    );
    await thawUnsanctioned(em, event.accountId);
  }

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyCaseUpdate(em, event);
  }
}
