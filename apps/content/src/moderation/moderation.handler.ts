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

@Injectable()
export class ModerationHandler {
  constructor(private readonly reports: ReportsService) {}

  @OnEvent(SubjectVisibilityChangedV1.subject)
  async visibilityChanged(event: SubjectVisibilityChangedV1, { em }: { em: EntityManager }): Promise<void> {
    const entity = event.subjectType === 'comment' || event.subjectType === 'reply' ? Comment : event.subjectType === 'profile' ? null : ContentItem;
    if (!entity) return;
    // A late, older decision never undoes a newer one.
    await em.nativeUpdate(entity as typeof ContentItem, { id: event.subjectId, visibilityVersion: { $lt: event.version } }, { visibility: event.visibility, visibilityVersion: event.version });
  }

  @OnEvent(SanctionImposedV1.subject)
  async sanctionImposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.kind === 'warning') return;
    await em.getConnection().execute(
      'insert into active_sanction (sanction_id, account_id, kind, ends_at) values (?, ?, ?, ?) on conflict do nothing',
      [event.sanctionId, event.accountId, event.kind, event.endsAt], 'run', em.getTransactionContext(),
    );
    await em.nativeUpdate(ContentItem, { authorId: event.accountId, type: { $in: ['job', 'event'] }, status: { $in: OPEN_STATUSES as ContentItem['status'][] }, frozen: false }, { frozen: true });
  }

  @OnEvent(SanctionLiftedV1.subject)
  async sanctionLifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    const conn = em.getConnection();
    await conn.execute('delete from active_sanction where sanction_id = ?', [event.sanctionId], 'run', em.getTransactionContext());
    const [still] = await conn.execute<{ n: number }[]>(
      `select 1 as n from active_sanction where account_id = ? and (ends_at is null or ends_at > now()) limit 1`, [event.accountId], 'all', em.getTransactionContext(),
    );
    if (still) return;
    await em.nativeUpdate(ContentItem, { authorId: event.accountId, frozen: true }, { frozen: false });
  }

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyCaseUpdate(em, event);
  }
}
