/** The moderators' queue and case view. Staff only, checked here as well as at the gateway. */
import { Inject, Injectable } from '@nestjs/common';
import { TrustSafetyConfig } from '../trust-safety.config';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { decodeCursor, forbidden, isStaff, notFound, pageOf } from '@weop/contracts';
import type { CaseListQuery, CasePage, CaseSummaryView, CaseView, Principal } from '@weop/contracts';
import { CaseEvent, CaseReport, ModerationCase } from './moderation-case.entity';
import { PseudonymService } from './pseudonym.service';

const requireModerator = (caller: Principal): void => {
  if (!isStaff(caller)) throw forbidden('Only moderators see cases.');
};

/** A claim lapses CLAIM_TTL_MINUTES after it was made: the case is anyone's again. */
export const claimExpiry = (c: ModerationCase, ttlMinutes: number): Date | null =>
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
    private readonly pseudonyms: PseudonymService,
    @Inject(TrustSafetyConfig) private readonly config: TrustSafetyConfig,
  ) {}

  /** Highest priority first, then oldest (API.md "Order"). */
  async list(caller: Principal, query: CaseListQuery): Promise<CasePage> {
    requireModerator(caller);
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number', 'date', 'uuid']);
    const where: FilterQuery<ModerationCase> = { status: query.status ?? 'open' };
    if (query.guideline) where.guidelines = { $contains: [query.guideline] };
    if (query.subjectType) where.subjectType = query.subjectType;
    if (key) {
      const [priority, openedAt, id] = [Number(key[0]), new Date(String(key[1])), String(key[2])];
      where.$or = [{ priority: { $lt: priority } }, { priority, openedAt: { $gt: openedAt } }, { priority, openedAt, id: { $gt: id } }];
    }
    const rows = await this.em.fork().find(ModerationCase, where, { orderBy: [{ priority: 'desc' }, { openedAt: 'asc' }, { id: 'asc' }], limit: limit + 1 });
    const page = pageOf(rows, limit, (c) => [c.priority, c.openedAt.toISOString(), c.id]);
    return { items: page.items.map((c) => summary(c, this.config.CLAIM_TTL_MINUTES)), nextCursor: page.nextCursor };
  }

  async get(caller: Principal, id: string): Promise<CaseView> {
    requireModerator(caller);
    const em = this.em.fork();
    const found = await em.findOne(ModerationCase, { id });
    if (!found) throw notFound('The case');
    const [reports, history] = await Promise.all([
      em.find(CaseReport, { caseId: id }, { orderBy: { filedAt: 'asc', id: 'asc' } }),
      em.find(CaseEvent, { caseId: id }, { orderBy: { seq: 'asc' } }),
    ]);
    return {
      ...summary(found, this.config.CLAIM_TTL_MINUTES),
      author: null,
      snapshot: found.snapshot,
      authorId: found.authorId,
      reports: reports.map((r) => ({
        id: r.id,
        reporter: r.reporterPseudonym ?? (r.reporterId ? this.pseudonyms.of(found.id, r.reporterId) : 'system'),
        guideline: r.guideline,
        details: r.details,
        signals: r.signals,
        weight: r.weight,
        muted: r.muted,
        filedAt: r.filedAt.toISOString(),
      })),
      history: history.map((e) => ({ kind: e.kind, actor: e.actor, at: e.at.toISOString(), data: e.data })),
    };
  }
}
