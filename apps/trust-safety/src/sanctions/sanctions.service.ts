/**
 * Sanctions as the people concerned read them: the member her own, as statements of reasons
 * (`GET /me/sanctions`); staff an author's record — her sanctions, her strikes in force and the
 * sanction ladder's suggestion — in a case and in her history.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CONTENT_SUBJECT_TYPES, decodeCursor, forbidden, isStaff, pageOf } from '@weop/contracts';
import { readTogether } from '@weop/persistence';
import type {
  AuthorRecordView, Guideline, MemberHistoryView, MySanctionsPayload, Principal, ReportSubjectType, SanctionPage, SanctionRecordView, SanctionSubjectView, SanctionView,
} from '@weop/contracts';
import type { Appeal } from '../appeals/appeal.entity';
import type { Sanction } from '../cases/decision.entity';
import { CasesRepository } from '../cases/cases.repository';
import type { ModerationCase } from '../cases/moderation-case.entity';
import { catalogueLanguage, guidelineEntry } from '../policy/guidelines.catalogue';
import { TrustSafetyConfig } from '../trust-safety.config';
import { howToAppealText, restrictionText } from './statement-texts';
import { suggestSanction } from './sanction-ladder';
import { SanctionsRepository } from './sanctions.repository';

const DAY = 86_400_000;
const dateOf = (d: Date): string => d.toISOString().slice(0, 10);

export const sanctionRecord = (s: Sanction, appeal: Appeal | null): SanctionRecordView => ({
  id: s.id,
  caseId: s.caseId,
  kind: s.kind,
  guideline: s.guideline,
  statement: s.statement,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt?.toISOString() ?? null,
  liftedAt: s.liftedAt?.toISOString() ?? null,
  liftReason: s.liftReason,
  appeal: appeal ? { id: appeal.id, status: appeal.status, statement: appeal.statement, decidedAt: appeal.decidedAt?.toISOString() ?? null } : null,
});

/** Subject types that are the sanctioned author's own alone (a message, a mentorship or a nomination involves others, who would be named by it). */
const OWN_TITLE_TYPES: readonly ReportSubjectType[] = [...CONTENT_SUBJECT_TYPES, 'group', 'profile'];

/**
 * Which content the sanction is about, as she may see it: the type, id and title from the case's
 * snapshot, only when she is its author and the subject is hers alone (her post, group or profile).
 * Nothing for a message, a mentorship or a nomination: a one-to-one message or a mentorship has one
 * other member, who is then the reporter, and a nomination is seen by a handful, so even the id would
 * point at who reported her.
 */
export const sanctionSubject = (found: ModerationCase | undefined, accountId: string): SanctionSubjectView | null => {
  if (!found || found.authorId !== accountId || !OWN_TITLE_TYPES.includes(found.subjectType)) return null;
  const title = found.snapshot.title;
  return { type: found.subjectType, id: found.subjectId, ...(typeof title === 'string' && title.trim() ? { title } : {}) };
};

@Injectable()
export class SanctionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly sanctions: SanctionsRepository,
    private readonly cases: CasesRepository,
    @Inject(TrustSafetyConfig) private readonly config: TrustSafetyConfig,
  ) {}

  /** Her sanctions, newest first, each with what it restricts, why, the dates and how to appeal. */
  async mine(caller: Principal, query: MySanctionsPayload): Promise<SanctionPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.sanctions.sanctionsOf(em, caller.accountId, limit + 1, key ? { startsAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.sanction.startsAt.toISOString(), r.sanction.id]);
    const [decisions, cases] = await Promise.all([
      this.sanctions.decisionsById(em, page.items.map((r) => r.sanction.decisionId)),
      this.cases.casesById(em, page.items.map((r) => r.sanction.caseId)),
    ]);
    const language = catalogueLanguage(query.acceptLanguage);
    const now = new Date();
    return {
      items: page.items.map(({ sanction: s, appeal }): SanctionView => {
        const ended = s.liftReason === 'expired' || (s.endsAt !== null && s.endsAt <= now);
        const open = s.appealableUntil > now && !appeal;
        return {
          id: s.id,
          kind: s.kind,
          guideline: s.guideline,
          guidelineTitle: guidelineEntry(s.guideline).texts[language].title,
          subject: sanctionSubject(cases.find((c) => c.id === s.caseId), s.accountId),
          statement: s.statement,
          restriction: restrictionText(s.kind, s.endsAt, decisions.find((d) => d.id === s.decisionId)?.removeContent ?? false, language),
          automated: s.automated,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt?.toISOString() ?? null,
          state: s.liftReason === 'overturned' || s.liftReason === 'revoked' ? 'lifted' : ended ? 'ended' : 'in-force',
          appealableUntil: s.appealableUntil.toISOString(),
          howToAppeal: howToAppealText(appeal ? 'appealed' : open ? 'open' : 'closed', dateOf(s.appealableUntil), language),
          ...(appeal ? { appeal: { id: appeal.id, status: appeal.status, statement: appeal.statement, decidedAt: appeal.decidedAt?.toISOString() ?? null } } : {}),
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** What trust-safety holds about her, for her data export: her sanctions and appeals, the reports she filed, her record as a reporter. */
  async exportFor(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const sanctions: SanctionView[] = [];
    for (let cursor: string | undefined, page: SanctionPage; ; cursor = page.nextCursor ?? undefined) {
      page = await this.mine(caller, { limit: 100, ...(cursor ? { cursor } : {}) });
      sanctions.push(...page.items);
      if (!page.nextCursor) break;
    }
    const [reports, standing] = await Promise.all([this.sanctions.reportsBy(em, caller.accountId), this.cases.standing(em, caller.accountId)]);
    return {
      service: 'trust-safety',
      sanctions,
      reportsFiled: reports.map(({ report, status }) => ({ id: report.id, guideline: report.guideline, details: report.details, filedAt: report.filedAt.toISOString(), caseStatus: status })),
      asReporter: standing ? { upheld: standing.upheld, dismissed: standing.dismissed, mutedUntil: standing.mutedUntil?.toISOString() ?? null } : null,
    };
  }

  /** An author's record as a moderator sees it beside a case: sanctions, strikes in force, the suggestion. */
  async authorRecord(em: EntityManager, accountId: string, guidelines: readonly Guideline[]): Promise<AuthorRecordView> {
    const since = new Date(Date.now() - this.config.STRIKE_DECAY_DAYS * DAY);
    const [activeStrikes, rows, country] = await readTogether(em, [
      () => this.sanctions.activeStrikes(em, accountId, since),
      () => this.sanctions.sanctionsOf(em, accountId, 50),
      () => this.cases.countryOf(em, accountId),
    ]);
    return {
      id: accountId,
      country,
      activeStrikes,
      strikeDecayDays: this.config.STRIKE_DECAY_DAYS,
      sanctions: rows.map((r) => sanctionRecord(r.sanction, r.appeal)),
      suggestion: suggestSanction(activeStrikes, guidelines, this.config.STRIKE_DECAY_DAYS),
    };
  }

  /**
   * A member's whole moderation record, for staff: as an author, and how her own reports have ended.
   * Not a moderator's own: the cases about her are not hers to see (cases.service.ts); what concerns
   * her reaches her as statements of reasons (`GET /me/sanctions`).
   */
  async history(caller: Principal, accountId: string): Promise<MemberHistoryView> {
    if (!isStaff(caller)) throw forbidden('Only moderators see members\' records.');
    if (accountId === caller.accountId) throw forbidden('A moderator does not read her own moderation record here; your sanctions are at GET /me/sanctions.');
    const em = this.em.fork();
    const [record, cases, standing] = await Promise.all([
      this.authorRecord(em, accountId, []),
      this.sanctions.casesAbout(em, accountId, 50),
      this.cases.standing(em, accountId),
    ]);
    return {
      ...record,
      cases: cases.map(({ found, action }) => ({
        id: found.id,
        subject: { type: found.subjectType, id: found.subjectId },
        status: found.status,
        guidelines: found.guidelines,
        openedAt: found.openedAt.toISOString(),
        decision: action,
      })),
      asReporter: { upheld: standing?.upheld ?? 0, dismissed: standing?.dismissed ?? 0, mutedUntil: standing?.mutedUntil?.toISOString() ?? null },
    };
  }
}
