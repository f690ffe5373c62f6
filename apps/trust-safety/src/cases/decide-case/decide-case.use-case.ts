/**
 * A moderator decides a case (DESIGN.md "The core flow", step 3): dismiss it, remove the content, or
 * sanction its author (warn, suspend for N days, expel), with a guideline and a statement. In one
 * transaction the decision, the sanction and the case's history are written, the reporters' track
 * records move, and the events that make every service act are put in the outbox: the decision made,
 * the subject removed or restored (content), the sanction imposed (identity restricts the account,
 * content freezes her open posts), the reporters' reports settled.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CaseReportsUpdatedV1, DecisionMadeV1, DomainError, ReportOutcomeV1, SanctionImposedV1, forbidden, isStaff, notFound, validationFailed } from '@weop/contracts';
import type { DecisionRequest, DecisionResponse, Principal, SanctionKind } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { TrustSafetyConfig } from '../../trust-safety.config';
import { CasesRepository } from '../cases.repository';
import { aboutCaller, claimExpiry } from '../cases.service';
import { Decision, Sanction } from '../decision.entity';
import type { CaseReport } from '../moderation-case.entity';
import { afterOutcome } from '../reporter-standing';
import { SubjectVisibilityService, canHide } from '../subject-visibility';

const DAY = 86_400_000;

const SANCTION_OF: Record<DecisionRequest['action'], SanctionKind | null> = {
  dismiss: null,
  'remove-content': null,
  warn: 'warning',
  suspend: 'suspension',
  expel: 'expulsion',
};

/** Whether automation played a part: a detector reported it or flagged something in a report. */
const automated = (reports: readonly CaseReport[]): boolean => reports.some((r) => r.reporterId === null && r.reporterPseudonym === null) || reports.some((r) => r.signals.length > 0);

@Injectable()
export class DecideCaseUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly cases: CasesRepository,
    private readonly visibility: SubjectVisibilityService,
    @Inject(TrustSafetyConfig) private readonly config: TrustSafetyConfig,
  ) {}

  async execute(moderator: Principal, caseId: string, input: DecisionRequest): Promise<DecisionResponse> {
    if (!isStaff(moderator)) throw forbidden('Only moderators decide cases.');
    const kind = SANCTION_OF[input.action];
    if (input.action === 'suspend' && !input.durationDays) throw validationFailed('durationDays', 'is required to suspend');
    if (input.action !== 'suspend' && input.durationDays !== undefined) throw validationFailed('durationDays', 'goes only with suspend');
    if (input.removeContent && !kind) throw validationFailed('removeContent', 'goes only with warn, suspend or expel');
    const removes = input.action === 'remove-content' || Boolean(input.removeContent);

    return this.em.fork().transactional(async (em) => {
      const found = await this.cases.caseById(em, caseId, true);
      // A case about her does not exist, as far as she can tell (cases.service.ts).
      if (!found || aboutCaller(found, moderator)) throw notFound('The case');
      if (found.status !== 'open') throw new DomainError('CASE_CLOSED', `This case is already ${found.status}.`);
      const now = new Date();
      const claimEnds = claimExpiry(found, this.config.CLAIM_TTL_MINUTES);
      if (found.assignee && found.assignee !== moderator.accountId && claimEnds && claimEnds > now) {
        throw new DomainError('CASE_CLAIMED', `Another moderator holds this case until ${claimEnds.toISOString()}.`);
      }
      if (kind && !found.authorId) throw new DomainError('CASE_WITHOUT_AUTHOR', 'This subject has no known author to sanction.');
      // Nothing removes a profile or a mentorship (their owners do not apply visibility changes; awards pauses a removed nomination): refuse rather than record a removal that never happens.
      if (removes && !canHide(found)) {
        throw validationFailed(input.removeContent ? 'removeContent' : 'action', `a ${found.subjectType} cannot be removed; sanction its ${found.subjectType === 'profile' ? 'owner' : 'author'} instead`);
      }
      const reports = await this.cases.reportsOf(em, found.id);
      const statement = input.statement.trim();
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
          statement,
          startsAt: now,
          endsAt: kind === 'suspension' ? new Date(now.getTime() + input.durationDays! * DAY) : null,
          appealableUntil: new Date(now.getTime() + this.config.APPEAL_WINDOW_DAYS * DAY),
          decidedBy: moderator.accountId,
          automated: automated(reports),
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
          statement,
          durationDays: input.durationDays ?? null,
          removeContent: removes,
          sanctionId: sanction?.id ?? null,
          decidedAt: now,
        }),
      );
      found.status = input.action === 'dismiss' ? 'dismissed' : 'decided';
      found.updatedAt = now;
      this.cases.log(em, found.id, 'decided', moderator.accountId, {
        decisionId,
        action: input.action,
        guideline: input.guideline,
        ...(sanction ? { sanctionId: sanction.id } : {}),
        ...(input.removeContent ? { removeContent: true } : {}),
      }, now);

      if (removes) {
        await this.visibility.change(em, found, 'removed', input.guideline, now);
      } else if (found.hidden) {
        // Hidden pending review, and the review did not remove it: members see it again.
        found.hidden = false;
        await this.visibility.change(em, found, 'visible', undefined, now);
        this.cases.log(em, found.id, 'restored', 'system', { reason: 'not removed by the decision' }, now);
      }
      await this.settleReporters(em, reports, input.action !== 'dismiss', now);
      await em.flush();

      await this.outbox.add(em, DecisionMadeV1.subject, {
        decisionId,
        caseId: found.id,
        subjectType: found.subjectType,
        subjectId: found.subjectId,
        authorId: found.authorId,
        action: input.action,
        guideline: input.guideline,
        removeContent: removes,
        sanctionId: sanction?.id ?? null,
        decidedAt: now.toISOString(),
      });
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
      await this.outbox.add(em, CaseReportsUpdatedV1.subject, {
        caseId: found.id,
        subjectType: found.subjectType,
        subjectId: found.subjectId,
        reportIds: reports.map((r) => r.id),
        status: input.action === 'dismiss' ? 'no-violation' : 'actioned',
        changedAt: now.toISOString(),
      });
      // Each member who reported it is told the outcome (community's inbox), once however many reports she filed; system reports tell no one.
      const told = new Set<string>();
      for (const report of reports) {
        if (!report.reporterId || told.has(report.reporterId)) continue;
        told.add(report.reporterId);
        await this.outbox.add(em, ReportOutcomeV1.subject, {
          reporterId: report.reporterId,
          reportId: report.id,
          subjectType: found.subjectType,
          status: input.action === 'dismiss' ? 'no-violation' : 'actioned',
          decidedAt: now.toISOString(),
        });
      }
      return { id: decisionId, ...(sanction ? { sanctionId: sanction.id } : {}) };
    });
  }

  /** Each reporter's track record moves by the outcome (once per reporter per case). */
  private async settleReporters(em: EntityManager, reports: readonly CaseReport[], upheld: boolean, now: Date): Promise<void> {
    const reporterIds = [...new Set(reports.map((r) => r.reporterId).filter((id): id is string => id !== null))].sort();
    const standings = await this.cases.standings(em, reporterIds);
    const rule = { afterDismissed: this.config.REPORTER_MUTE_AFTER_DISMISSED, days: this.config.REPORTER_MUTE_DAYS };
    for (const reporterId of reporterIds) {
      await this.cases.saveStanding(em, reporterId, afterOutcome(standings.find((s) => s.reporterId === reporterId) ?? null, upheld, rule, now), now);
    }
  }
}

