/**
 * The moderators' queue and case view, and claims. Staff only, checked here as well as at the
 * gateway. A claim tells other moderators who holds a case; it lapses after CLAIM_TTL_MINUTES, and
 * from then the case is anyone's again (no job needed: a lapsed claim is read as no claim).
 * A case about a moderator herself (she is its subject's author) is not hers to see: it is left out
 * of her queue, and reading, claiming, releasing or deciding it answers 404 like a case that does not
 * exist — the reports' free text, pseudonyms and weights could let her work out who reported her.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CaseReportsUpdatedV1, DomainError, decodeCursor, forbidden, isStaff, notFound, pageOf } from '@weop/contracts';
import type { CaseListQuery, CasePage, CaseSummaryView, CaseView, Principal } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { SanctionsService } from '../sanctions/sanctions.service';
import { TrustSafetyConfig } from '../trust-safety.config';
import { CasesRepository } from './cases.repository';
import { ModerationCase } from './moderation-case.entity';
import { PseudonymService } from './pseudonym.service';

const requireModerator = (caller: Principal): void => {
  if (!isStaff(caller)) throw forbidden('Only moderators see cases.');
};

/**
 * Whether the case is about the caller: she wrote the subject, or (a nomination) she is its nominee, from
 * whom awards keeps who nominated her, the case's author.
 */
export const aboutCaller = (c: Pick<ModerationCase, 'authorId' | 'subjectType' | 'snapshot'>, caller: Principal): boolean =>
  (c.authorId !== null && c.authorId === caller.accountId) ||
  (c.subjectType === 'nomination' && (c.snapshot?.extra as Record<string, unknown> | undefined)?.nomineeMemberId === caller.accountId);

/**
 * A snapshot as moderators see it: without the nominee's account id, which awards sends only so that a
 * nominee who is a moderator is kept from the case (it would otherwise tell them which reporter was the nominee).
 */
function shownSnapshot(snapshot: Record<string, unknown> | null): Record<string, unknown> | null {
  const extra = snapshot?.extra as Record<string, unknown> | undefined;
  if (!snapshot || !extra || !('nomineeMemberId' in extra)) return snapshot;
  const { nomineeMemberId: _hidden, ...rest } = extra;
  return { ...snapshot, extra: rest };
}

/** When a claim lapses (null when nobody claimed the case). */
export const claimExpiry = (c: Pick<ModerationCase, 'assignee' | 'claimedAt'>, ttlMinutes: number): Date | null =>
  c.assignee && c.claimedAt ? new Date(c.claimedAt.getTime() + ttlMinutes * 60_000) : null;

const summary = (c: ModerationCase, ttlMinutes: number, now = new Date()): CaseSummaryView => {
  const expires = claimExpiry(c, ttlMinutes);
  const held = expires !== null && expires > now;
  return {
    id: c.id,
    subject: { type: c.subjectType, id: c.subjectId },
    guidelines: c.guidelines,
    reportCount: c.reportCount,
    priority: c.priority,
    safetyLane: c.safetyLane,
    status: c.status,
    assignee: held ? c.assignee : null,
    claimExpiresAt: held ? expires.toISOString() : null,
    hidden: c.hidden,
    authorCountry: c.authorCountry,
    openedAt: c.openedAt.toISOString(),
  };
};

@Injectable()
export class CasesService {
  constructor(
    private readonly em: EntityManager,
    private readonly cases: CasesRepository,
    private readonly pseudonyms: PseudonymService,
    private readonly sanctions: SanctionsService,
    private readonly outbox: Outbox,
    @Inject(TrustSafetyConfig) private readonly config: TrustSafetyConfig,
  ) {}

  /** Highest priority first, then oldest (API.md "Order"). */
  async list(caller: Principal, query: CaseListQuery): Promise<CasePage> {
    requireModerator(caller);
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number', 'date', 'uuid']);
    const claimedSince = new Date(Date.now() - this.config.CLAIM_TTL_MINUTES * 60_000);
    const after = key ? { priority: Number(key[0]), openedAt: new Date(String(key[1])), id: String(key[2]) } : undefined;
    const rows = await this.cases.queue(this.em.fork(), { ...query, status: query.status ?? 'open' }, caller.accountId, claimedSince, limit + 1, after);
    const page = pageOf(rows, limit, (c) => [c.priority, c.openedAt.toISOString(), c.id]);
    return { items: page.items.map((c) => summary(c, this.config.CLAIM_TTL_MINUTES)), nextCursor: page.nextCursor };
  }

  async get(caller: Principal, id: string): Promise<CaseView> {
    requireModerator(caller);
    const em = this.em.fork();
    const found = await this.cases.caseById(em, id);
    if (!found || aboutCaller(found, caller)) throw notFound('The case');
    const [reports, history, author] = await Promise.all([
      this.cases.reportsOf(em, id),
      this.cases.historyOf(em, id),
      found.authorId ? this.sanctions.authorRecord(em, found.authorId, found.guidelines) : Promise.resolve(null),
    ]);
    return {
      ...summary(found, this.config.CLAIM_TTL_MINUTES),
      snapshot: shownSnapshot(found.snapshot)!,
      authorId: found.authorId,
      author,
      reports: reports.map((r) => ({
        id: r.id,
        reporter: r.reporterPseudonym ?? (r.reporterId ? this.pseudonyms.of(found.id, r.reporterId) : 'system'),
        guideline: r.guideline,
        details: r.details,
        signals: r.signals,
        snapshot: shownSnapshot(r.snapshot),
        weight: r.weight,
        muted: r.muted,
        filedAt: r.filedAt.toISOString(),
      })),
      history: history.map((e) => ({ kind: e.kind, actor: e.actor, at: e.at.toISOString(), data: e.data })),
    };
  }

  /**
   * She takes the case: others see who holds it until the claim lapses. Claiming again renews it.
   * The reporters' reports move to "in review".
   */
  async claim(caller: Principal, id: string): Promise<CaseSummaryView> {
    requireModerator(caller);
    return this.em.fork().transactional(async (em) => {
      const found = await this.cases.caseById(em, id, true);
      if (!found || aboutCaller(found, caller)) throw notFound('The case');
      if (found.status !== 'open') throw new DomainError('CASE_CLOSED', `This case is already ${found.status}.`);
      const now = new Date();
      const expires = claimExpiry(found, this.config.CLAIM_TTL_MINUTES);
      if (found.assignee && found.assignee !== caller.accountId && expires && expires > now) {
        throw new DomainError('CASE_CLAIMED', `Another moderator holds this case until ${expires.toISOString()}.`);
      }
      found.assignee = caller.accountId;
      found.claimedAt = now;
      found.updatedAt = now;
      this.cases.log(em, found.id, 'claimed', caller.accountId, { until: claimExpiry(found, this.config.CLAIM_TTL_MINUTES)!.toISOString() }, now);
      const reports = await this.cases.reportsOf(em, found.id);
      await this.outbox.add(em, CaseReportsUpdatedV1.subject, {
        caseId: found.id,
        subjectType: found.subjectType,
        subjectId: found.subjectId,
        reportIds: reports.map((r) => r.id),
        status: 'in-review',
        changedAt: now.toISOString(),
      });
      await em.flush();
      return summary(found, this.config.CLAIM_TTL_MINUTES, now);
    });
  }

  /** She gives the case back; a senior moderator or an admin can take it from anyone. */
  async release(caller: Principal, id: string): Promise<CaseSummaryView> {
    requireModerator(caller);
    return this.em.fork().transactional(async (em) => {
      const found = await this.cases.caseById(em, id, true);
      if (!found || aboutCaller(found, caller)) throw notFound('The case');
      const now = new Date();
      const expires = claimExpiry(found, this.config.CLAIM_TTL_MINUTES);
      const held = found.assignee !== null && expires !== null && expires > now;
      if (held && found.assignee !== caller.accountId && !caller.roles.some((r) => r === 'senior-moderator' || r === 'admin')) {
        throw forbidden('Only the moderator holding a case, or a senior moderator, releases it.');
      }
      if (found.assignee !== null) {
        this.cases.log(em, found.id, 'released', caller.accountId, { from: found.assignee, ...(held ? {} : { lapsed: true }) }, now);
        found.assignee = null;
        found.claimedAt = null;
        found.updatedAt = now;
        await em.flush();
      }
      return summary(found, this.config.CLAIM_TTL_MINUTES, now);
    });
  }
}
