/**
 * What trust-safety decides, applied to content exactly once (the inbox records each event in the
 * same transaction): hide, remove or restore a subject; freeze a sanctioned member's open job posts
 * and events, and thaw them when no sanction of hers remains; move her reports' statuses on.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseReportsUpdatedV1, SanctionImposedV1, SanctionLiftedV1, SubjectVisibilityChangedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { ReportsService } from '../reports/reports.service';
import { ModerationRepository } from './moderation.repository';

@Injectable()
export class ModerationHandler {
  constructor(
    private readonly reports: ReportsService,
    private readonly moderation: ModerationRepository,
  ) {}

  @OnEvent(SubjectVisibilityChangedV1.subject)
  async visibilityChanged(event: SubjectVisibilityChangedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.subjectType === 'comment' || event.subjectType === 'reply') {
      await this.commentVisibility(em, event);
      return;
    }
    if (event.subjectType === 'profile') return;
    // A late, older decision never undoes a newer one.
    await this.moderation.setItemVisibility(em, event.subjectId, event.visibility, event.version);
  }

  /** Also keeps the item's comment count equal to the comments members can see. */
  private async commentVisibility(em: EntityManager, event: SubjectVisibilityChangedV1): Promise<void> {
    const comment = await this.moderation.comment(em, event.subjectId);
    if (!comment || comment.visibilityVersion >= event.version) return;
    const wasVisible = comment.visibility === 'visible';
    comment.visibility = event.visibility;
    comment.visibilityVersion = event.version;
    const isVisible = event.visibility === 'visible';
    if (comment.deletedAt === null && wasVisible !== isVisible) {
      await this.moderation.adjustCommentCount(em, comment.itemId, isVisible ? 1 : -1);
    }
  }

  @OnEvent(SanctionImposedV1.subject)
  async sanctionImposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    const { liftedAlready } = await this.moderation.recordImposed(em, event);
    const ended = event.endsAt !== null && new Date(event.endsAt) <= new Date();
    if (event.kind === 'warning' || liftedAlready || ended) return;
    await this.moderation.freezeOpenItems(em, event.accountId);
  }

  @OnEvent(SanctionLiftedV1.subject)
  async sanctionLifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.moderation.recordLifted(em, event);
    await this.moderation.thawUnsanctioned(em, event.accountId);
  }

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyCaseUpdate(em, event);
  }
}
