/**
 * A moderator decides a case (DESIGN.md "The core flow", step 3): dismiss it, remove the content, or
 * sanction its author (warn, suspend for N days, expel), with a guideline and a statement. In one
 * transaction the decision, the sanction and the case's history are written and the events that make
 * every service act are put in the outbox: the subject removed (content), the sanction imposed
 * (identity restricts the account, content freezes her open posts), the reporters' reports settled.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import {
  CaseReportsUpdatedV1,
  DomainError,
  SanctionImposedV1,
  SubjectVisibilityChangedV1,
  forbidden,
  isStaff,
  notFound,
  validationFailed,
} from '@weop/contracts';
import type { DecisionRequest, DecisionResponse, Principal, SanctionKind, SubjectVisibility } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { CaseEvent, CaseReport, ModerationCase } from '../moderation-case.entity';
import { Decision, Sanction } from '../decision.entity';

const DAY = 86_400_000;
/** How long a member has to appeal a sanction. */
export const APPEAL_WINDOW_DAYS = 14;

const SANCTION_OF: Record<DecisionRequest['action'], SanctionKind | null> = {
  dismiss: null,
  'remove-content': null,
  warn: 'warning',
  suspend: 'suspension',
  expel: 'expulsion',
};

@Injectable()
export class DecideCaseUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(moderator: Principal, caseId: string, input: DecisionRequest): Promise<DecisionResponse> {
    if (!isStaff(moderator)) throw forbidden('Only moderators decide cases.');
    const kind = SANCTION_OF[input.action];
    if (input.action === 'suspend' && !input.durationDays) throw validationFailed('durationDays', 'is required to suspend');
    if (input.action !== 'suspend' && input.durationDays !== undefined) throw validationFailed('durationDays', 'goes only with suspend');
    if (input.removeContent && !kind) throw validationFailed('removeContent', 'goes only with warn, suspend or expel');

    return this.em.fork().transactional(async (em) => {
      const found = await em.findOne(ModerationCase, { id: caseId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!found) throw notFound('The case');
      if (found.status !== 'open') throw new DomainError('CASE_CLOSED', `This case is already ${found.status}.`);
      if (found.authorId === moderator.accountId) throw forbidden('A moderator does not decide a case about herself.');
      if (kind && !found.authorId) throw new DomainError('CASE_WITHOUT_AUTHOR', 'This subject has no known author to sanction.');
      // Nothing removes a profile yet (identity does not hide profiles): refuse rather than report a removal that did not happen.
      if ((input.action === 'remove-content' || input.removeContent) && found.subjectType === 'profile') {
        throw validationFailed(input.removeContent ? 'removeContent' : 'action', 'a profile cannot be removed; sanction its owner instead');
      }
      const now = new Date();
      const decisionId = randomUUID();
      let sanction: Sanction | undefined;
      if (kind && found.authorId) {
        sanction = em.create(Sanction, {
          id: randomUUID(),
          accountId: found.authorId,
          caseId: found.id,
          decisionId,
          kind,
          guideline: input.guideline,
          statement: input.statement.trim(),
          startsAt: now,
          endsAt: kind === 'suspension' ? new Date(now.getTime() + input.durationDays! * DAY) : null,
          appealableUntil: new Date(now.getTime() + APPEAL_WINDOW_DAYS * DAY),
          decidedBy: moderator.accountId,
        });
        em.persist(sanction);
      }
      em.persist(
        em.create(Decision, {
          id: decisionId,
          caseId: found.id,
          moderatorId: moderator.accountId,
          action: input.action,
          guideline: input.guideline,
          statement: input.statement.trim(),
          durationDays: input.durationDays ?? null,
          removeContent: input.action === 'remove-content' || Boolean(input.removeContent),
          sanctionId: sanction?.id ?? null,
          decidedAt: now,
        }),
      );
      found.status = input.action === 'dismiss' ? 'dismissed' : 'decided';
      found.updatedAt = now;
      em.persist(
        em.create(CaseEvent, {
          id: randomUUID(),
          caseId: found.id,
          kind: 'decided',
          actor: moderator.accountId,
          data: { decisionId, action: input.action, guideline: input.guideline, ...(sanction ? { sanctionId: sanction.id } : {}), ...(input.removeContent ? { removeContent: true } : {}) },
          at: now,
        }),
      );
      await em.flush();

      if (input.action === 'remove-content' || input.removeContent) await this.changeVisibility(em, found, 'removed', input.guideline, now);
      if (sanction) {
        await this.outbox.add(em, SanctionImposedV1.subject, {
          sanctionId: sanction.id,
          accountId: sanction.accountId,
          kind: sanction.kind,
          guideline: sanction.guideline,
          statement: sanction.statement,
          startsAt: sanction.startsAt.toISOString(),
          endsAt: sanction.endsAt?.toISOString() ?? null,
          caseId: found.id,
        });
      }
      const reports = await em.find(CaseReport, { caseId: found.id });
      await this.outbox.add(em, CaseReportsUpdatedV1.subject, {
        caseId: found.id,
        subjectType: found.subjectType,
        subjectId: found.subjectId,
        reportIds: reports.map((r) => r.id),
        status: input.action === 'dismiss' ? 'no-violation' : 'actioned',
        changedAt: now.toISOString(),
      });
      return { id: decisionId, ...(sanction ? { sanctionId: sanction.id } : {}) };
    });
  }

  private async changeVisibility(em: EntityManager, found: ModerationCase, visibility: SubjectVisibility, guideline: DecisionRequest['guideline'], now: Date): Promise<void> {
    const [row] = await em.getConnection().execute<{ version: number }[]>(
      `insert into subject_visibility (subject_type, subject_id, version) values (?, ?, 1)
       on conflict (subject_type, subject_id) do update set version = subject_visibility.version + 1
       returning version`,
      [found.subjectType, found.subjectId], 'all', em.getTransactionContext(),
    );
    await this.outbox.add(em, SubjectVisibilityChangedV1.subject, {
      subjectType: found.subjectType,
      subjectId: found.subjectId,
      visibility,
      caseId: found.id,
      guideline,
      version: row.version,
      changedAt: now.toISOString(),
    });
  }
}
