/**
 * Award cycles: the public list and detail, and what awards-admins do with a cycle before judging —
 * create it (from a template: last year's rubric, quotas, rules and dates moved to the new year),
 * change it while that is still fair, and open or close nominations ahead of the dates.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { CreateCycleRequest, CyclePage, CycleStatus, CycleSummary, CycleView, PageQuery, Principal, UpdateCycleRequest } from '@weop/contracts';
import { AuditRepository } from '../audit/audit.repository';
import { requireAwardsAdmin, wrongStage } from '../awards-access';
import { AwardCycle } from './award-cycle.entity';
import { CyclesRepository } from './cycles.repository';
import { DEFAULT_RUBRIC, categoriesOf, checkDateOrder, checkRubric, cycleStatus, shiftYears } from './cycle-rules';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function cycleSummary(cycle: AwardCycle, now = new Date()): CycleSummary {
  return {
    id: cycle.id,
    year: cycle.year,
    ...cycleStatus(cycle, now),
    nominationsOpenAt: cycle.nominationsOpenAt.toISOString(),
    nominationsCloseAt: cycle.nominationsCloseAt.toISOString(),
    judgingStartsAt: iso(cycle.judgingStartsAt),
    judgingEndsAt: iso(cycle.judgingEndsAt),
    ceremonyAt: iso(cycle.ceremonyAt),
    ceremonyPlace: cycle.ceremonyPlace,
  };
}

export function cycleView(cycle: AwardCycle, now = new Date()): CycleView {
  return {
    ...cycleSummary(cycle, now),
    categories: categoriesOf(),
    rubric: cycle.rubric,
    finalistsPerCountry: cycle.finalistsPerCountry,
    regionalFinalists: cycle.regionalFinalists,
    championsPerCountry: cycle.championsPerCountry,
    regionalChampions: cycle.regionalChampions,
    minScoresPerFinalist: cycle.minScoresPerFinalist,
    regionalSameCountryConflict: cycle.regionalSameCountryConflict,
    templateCycleId: cycle.templateCycleId,
    publishedAt: iso(cycle.publishedAt),
  };
}

const dateOrNull = (value: string | undefined, fallback: Date | null): Date | null => (value === undefined ? fallback : new Date(value));

@Injectable()
export class CyclesService {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(query: PageQuery): Promise<CyclePage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number']);
    const rows = await this.cycles.page(this.em.fork(), limit + 1, key ? Number(key[0]) : undefined);
    const page = pageOf(rows, limit, (c) => [c.year]);
    const now = new Date();
    return { items: page.items.map((c) => cycleSummary(c, now)), nextCursor: page.nextCursor };
  }

  async get(cycleId: string): Promise<CycleView> {
    const cycle = await this.cycles.byId(this.em.fork(), cycleId);
    if (!cycle) throw notFound('The award cycle');
    return cycleView(cycle);
  }

  async create(caller: Principal, input: CreateCycleRequest): Promise<{ id: string }> {
    requireAwardsAdmin(caller);
    try {
      return await this.em.fork().transactional(async (em) => {
        if (await this.cycles.byYear(em, input.year)) throw new DomainError(ErrorCode.CONFLICT, `There is already a cycle for ${input.year}.`);
        const template = input.templateCycleId ? await this.cycles.byId(em, input.templateCycleId) : null;
        if (input.templateCycleId && !template) throw notFound('The template cycle');
        // The template's dates, moved by as many years as lie between the two cycles.
        const moved = (d: Date | null): Date | null => (template && d ? shiftYears(d, input.year - template.year) : null);
        const now = new Date();
        const cycle = em.create(AwardCycle, {
          id: randomUUID(),
          year: input.year,
          nominationsOpenAt: dateOrNull(input.nominationsOpenAt, moved(template?.nominationsOpenAt ?? null))!,
          nominationsCloseAt: dateOrNull(input.nominationsCloseAt, moved(template?.nominationsCloseAt ?? null))!,
          judgingStartsAt: dateOrNull(input.judgingStartsAt, moved(template?.judgingStartsAt ?? null)),
          judgingEndsAt: dateOrNull(input.judgingEndsAt, moved(template?.judgingEndsAt ?? null)),
          ceremonyAt: dateOrNull(input.ceremonyAt, moved(template?.ceremonyAt ?? null)),
          ceremonyPlace: input.ceremonyPlace?.trim() ?? template?.ceremonyPlace ?? null,
          rubric: (input.rubric ?? template?.rubric ?? DEFAULT_RUBRIC).map((c) => ({ code: c.code, title: c.title.trim(), weight: c.weight })),
          finalistsPerCountry: input.finalistsPerCountry ?? template?.finalistsPerCountry ?? 3,
          regionalFinalists: input.regionalFinalists ?? template?.regionalFinalists ?? 3,
          championsPerCountry: input.championsPerCountry ?? template?.championsPerCountry ?? 1,
          regionalChampions: input.regionalChampions ?? template?.regionalChampions ?? 1,
          minScoresPerFinalist: input.minScoresPerFinalist ?? template?.minScoresPerFinalist ?? 1,
          regionalSameCountryConflict: input.regionalSameCountryConflict ?? template?.regionalSameCountryConflict ?? true,
          templateCycleId: template?.id ?? null,
          createdAt: now,
          updatedAt: now,
        });
        checkDateOrder(cycle);
        checkRubric(cycle.rubric);
        this.audit.log(em, { cycleId: cycle.id, actor: caller.accountId, action: 'cycle-created', data: { year: cycle.year, ...(template ? { templateCycleId: template.id } : {}) }, at: now });
        await em.flush();
        return { id: cycle.id };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(ErrorCode.CONFLICT, `There is already a cycle for ${input.year}.`);
      throw error;
    }
  }

  /**
   * What may change depends on how far the cycle is: the nomination window, the rubric and the
   * finalist quotas only before the jury begins (nobody has been screened or scored against them);
   * the jury's dates, the ceremony, the champions per group, the sheets needed and the conflict rule
   * until the results are published (closing judging again applies them).
   */
  async update(caller: Principal, cycleId: string, input: UpdateCycleRequest): Promise<CycleView> {
    requireAwardsAdmin(caller);
    return this.em.fork().transactional(async (em) => {
      const cycle = await this.cycles.byId(em, cycleId, true);
      if (!cycle) throw notFound('The award cycle');
      if (cycle.stage === 'published') throw wrongStage(`The ${cycle.year} results are published; the cycle no longer changes.`);
      const beforeJury = cycle.stage === 'nominations';
      const lockedOnceJudging = (['nominationsOpenAt', 'nominationsCloseAt', 'rubric', 'finalistsPerCountry', 'regionalFinalists'] as const).filter((f) => input[f] !== undefined);
      if (!beforeJury && lockedOnceJudging.length > 0) throw wrongStage(`The jury has begun: ${lockedOnceJudging.join(', ')} can no longer change.`);
      if (input.nominationsOpenAt !== undefined) cycle.nominationsOpenAt = new Date(input.nominationsOpenAt);
      if (input.nominationsCloseAt !== undefined) cycle.nominationsCloseAt = new Date(input.nominationsCloseAt);
      if (input.judgingStartsAt !== undefined) cycle.judgingStartsAt = new Date(input.judgingStartsAt);
      if (input.judgingEndsAt !== undefined) cycle.judgingEndsAt = new Date(input.judgingEndsAt);
      if (input.ceremonyAt !== undefined) cycle.ceremonyAt = new Date(input.ceremonyAt);
      if (input.ceremonyPlace !== undefined) cycle.ceremonyPlace = input.ceremonyPlace.trim();
      if (input.rubric !== undefined) cycle.rubric = input.rubric.map((c) => ({ code: c.code, title: c.title.trim(), weight: c.weight }));
      if (input.finalistsPerCountry !== undefined) cycle.finalistsPerCountry = input.finalistsPerCountry;
      if (input.regionalFinalists !== undefined) cycle.regionalFinalists = input.regionalFinalists;
      if (input.championsPerCountry !== undefined) cycle.championsPerCountry = input.championsPerCountry;
      if (input.regionalChampions !== undefined) cycle.regionalChampions = input.regionalChampions;
      if (input.minScoresPerFinalist !== undefined) cycle.minScoresPerFinalist = input.minScoresPerFinalist;
      if (input.regionalSameCountryConflict !== undefined) cycle.regionalSameCountryConflict = input.regionalSameCountryConflict;
      checkDateOrder(cycle);
      checkRubric(cycle.rubric);
      const now = new Date();
      cycle.updatedAt = now;
      this.audit.log(em, { cycleId, actor: caller.accountId, action: 'cycle-updated', data: { ...input }, at: now });
      await em.flush();
      return cycleView(cycle, now);
    });
  }

  /** Opens nominations now, ahead of the planned date. */
  openNominations(caller: Principal, cycleId: string): Promise<CycleView> {
    return this.moveEarly(caller, cycleId, 'draft', 'nominations-opened', (cycle, now) => {
      const planned = cycle.nominationsOpenAt;
      cycle.nominationsOpenAt = now;
      return planned;
    }, (status) => `Nominations can be opened early only in a draft cycle; this one is ${status}.`);
  }

  /** Closes nominations now: judging begins with the national screening. */
  closeNominations(caller: Principal, cycleId: string): Promise<CycleView> {
    return this.moveEarly(caller, cycleId, 'nominations-open', 'nominations-closed', (cycle, now) => {
      const planned = cycle.nominationsCloseAt;
      // Closing in the very millisecond it opened still leaves the window one millisecond long.
      cycle.nominationsCloseAt = now > cycle.nominationsOpenAt ? now : new Date(cycle.nominationsOpenAt.getTime() + 1);
      return planned;
    }, (status) => `Only open nominations can be closed; this cycle is ${status}.`);
  }

  /**
   * An awards-admin moves a cycle on ahead of its dates: from the stage `from` only, under the cycle's
   * lock; `move` sets the date and answers the planned one, which the audit log keeps.
   */
  private moveEarly(
    caller: Principal, cycleId: string, from: CycleStatus, action: string, move: (cycle: AwardCycle, now: Date) => Date, refusal: (status: CycleStatus) => string,
  ): Promise<CycleView> {
    requireAwardsAdmin(caller);
    return this.em.fork().transactional(async (em) => {
      const cycle = await this.cycles.byId(em, cycleId, true);
      if (!cycle) throw notFound('The award cycle');
      const now = new Date();
      const { status } = cycleStatus(cycle, now);
      if (status !== from) throw wrongStage(refusal(status));
      const planned = move(cycle, now);
      cycle.updatedAt = now;
      this.audit.log(em, { cycleId, actor: caller.accountId, action, data: { planned: planned.toISOString() }, at: now });
      await em.flush();
      return cycleView(cycle, now);
    });
  }
}
