/**
 * Sanctions as the people concerned read them: the member her own, as statements of reasons
 * (`GET /me/sanctions`); staff an author's record — her sanctions, her strikes in force and the
 * sanction ladder's suggestion — in a case and in her history.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, forbidden, isStaff, pageOf } from '@weop/contracts';
import type { AuthorRecordView, Guideline, MemberHistoryView, MySanctionsPayload, Principal, SanctionPage, SanctionRecordView, SanctionView } from '@weop/contracts';
import type { Appeal } from '../appeals/appeal.entity';
import type { Sanction } from '../cases/decision.entity';
import { CasesRepository } from '../cases/cases.repository';
import { catalogueLanguage, guidelineEntry } from '../policy/guidelines.catalogue';
import { TrustSafetyConfig } from '../trust-safety.config';
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

/** What the sanction restricts, in words for the member. */
function restriction(s: Sanction, removedContent: boolean): string {
  const removed = removedContent ? ' The reported content was removed.' : '';
  switch (s.kind) {
    case 'warning':
      return `Nothing is restricted: this is a warning on your record. Further violations can lead to a suspension.${removed}`;
    case 'suspension':
      return `Your account is suspended until ${s.endsAt!.toISOString()}: you can sign in, read this notice, export your data and appeal, but not publish, comment, report, message or take part in programmes. Your open job posts and events are paused.${removed}`;
    case 'expulsion':
      return `Your account is closed: you can sign in only to read this notice, export your data and appeal.${removed}`;
  }
}

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
    const decisions = await this.sanctions.decisionsById(em, page.items.map((r) => r.sanction.decisionId));
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
          statement: s.statement,
          restriction: restriction(s, decisions.find((d) => d.id === s.decisionId)?.removeContent ?? false),
          automated: s.automated,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt?.toISOString() ?? null,
          state: s.liftReason === 'overturned' || s.liftReason === 'revoked' ? 'lifted' : ended ? 'ended' : 'in-force',
          appealableUntil: s.appealableUntil.toISOString(),
          howToAppeal: appeal
            ? 'You have appealed this decision; the outcome appears here.'
            : open
              ? `You can appeal once, until ${dateOf(s.appealableUntil)}: say why the decision is wrong. A senior moderator who did not make it will decide, and the outcome appears here.`
              : `The time to appeal ended on ${dateOf(s.appealableUntil)}.`,
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
    const [activeStrikes, rows, country] = await Promise.all([
      this.sanctions.activeStrikes(em, accountId, since),
      this.sanctions.sanctionsOf(em, accountId, 50),
      this.cases.countryOf(em, accountId),
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

  /** A member's whole moderation record, for staff: as an author, and how her own reports have ended. */
  async history(caller: Principal, accountId: string): Promise<MemberHistoryView> {
    if (!isStaff(caller)) throw forbidden('Only moderators see members\' records.');
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
