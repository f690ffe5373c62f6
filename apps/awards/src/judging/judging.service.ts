/**
 * The two tiers of judging, seat by seat (issue 6): awards-admins seat judges; a national judge screens
 * her country's nominations (eligible or not, with a note, and up to the country's quota of finalists);
 * the regional jury scores the finalists on the cycle's weighted rubric. Judges declare conflicts; a
 * conflicted judge neither sees nor scores the nomination. Every decision goes to the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, SCORE_MAX, SCORE_MIN, decodeCursor, notFound, pageOf, validationFailed } from '@weop/contracts';
import type {
  ConflictRequest,
  FieldProblem,
  JudgeSeatPage,
  JudgeSeatView,
  JudgingQueuePage,
  PageQuery,
  Principal,
  RubricCriterion,
  ScoreRequest,
  ScoreView,
  ScreeningRequest,
  ScreeningResponse,
  SeatJudgeRequest,
} from '@weop/contracts';
import { AuditRepository } from '../audit/audit.repository';
import { requireAwardsAdmin, requireJudge, wrongStage } from '../awards-access';
import type { AwardCycle } from '../cycles/award-cycle.entity';
import { COUNTRY_NAMES, cycleStatus, leadCriterion } from '../cycles/cycle-rules';
import { CyclesRepository } from '../cycles/cycles.repository';
import { MembersRepository } from '../members/members.repository';
import type { Nomination } from '../nominations/nomination.entity';
import { nomineeView, scoreView, screeningView } from '../nominations/nomination-views';
import { NominationsRepository } from '../nominations/nominations.repository';
import { NominationsService } from '../nominations/nominations.service';
import { normalizeEmail } from './conflicts';
import { JudgingRepository } from './judging.repository';
import { JuryAccess, SCREENABLE, seatCovers } from './jury-access.service';
import { ConflictDeclaration, JurySeat, ScoreSheet } from './jury-seat.entity';

/** A score sheet's total (the weighted mean of the criteria) and its lead criterion's score; problems name each field. */
export function scoreSheet(rubric: readonly RubricCriterion[], scores: Record<string, unknown>): { total: number; lead: number; criteria: Record<string, number> } {
  const problems: FieldProblem[] = [];
  const codes = rubric.map((c) => c.code);
  for (const key of Object.keys(scores)) {
    if (!codes.includes(key)) problems.push({ field: `scores.${key}`, problem: `is not a criterion of this cycle's rubric (${codes.join(', ')})` });
  }
  const criteria: Record<string, number> = {};
  for (const c of rubric) {
    const value = scores[c.code];
    if (value === undefined) problems.push({ field: `scores.${c.code}`, problem: 'is required' });
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX) problems.push({ field: `scores.${c.code}`, problem: `must be a whole number from ${SCORE_MIN} to ${SCORE_MAX}` });
    else criteria[c.code] = value;
  }
  if (problems.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The score sheet is not valid.', problems);
  const weights = rubric.reduce((sum, c) => sum + c.weight, 0);
  const total = rubric.reduce((sum, c) => sum + c.weight * criteria[c.code], 0) / weights;
  return { total, lead: criteria[leadCriterion(rubric).code], criteria };
}

const seatView = (seat: JurySeat, paused: boolean): JudgeSeatView => ({
  id: seat.id,
  accountId: seat.accountId,
  tier: seat.tier,
  country: seat.country,
  organization: seat.organization,
  email: seat.email,
  paused,
  seatedAt: seat.seatedAt.toISOString(),
});

const groupName = (n: Nomination): string => (n.category === 'regional' ? 'the regional category' : COUNTRY_NAMES[n.nomineeCountry]);

@Injectable()
export class JudgingService {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly nominations: NominationsRepository,
    private readonly nominationsService: NominationsService,
    private readonly judging: JudgingRepository,
    private readonly members: MembersRepository,
    private readonly jury: JuryAccess,
    private readonly audit: AuditRepository,
  ) {}

  // ---- seats ----

  async seat(caller: Principal, cycleId: string, input: SeatJudgeRequest): Promise<JudgeSeatView> {
    requireAwardsAdmin(caller);
    try {
      return await this.em.fork().transactional(async (em) => {
        const cycle = await this.cycle(em, cycleId, true);
        if (cycle.stage === 'closed' || cycle.stage === 'published') throw wrongStage(`Judging of the ${cycle.year} award has closed; no more judges are seated.`);
        if (!(await this.members.exists(em, input.accountId))) throw validationFailed('accountId', 'is not a member of the platform');
        const now = new Date();
        const seat = em.create(JurySeat, {
          id: randomUUID(),
          cycleId,
          accountId: input.accountId,
          tier: input.tier,
          country: input.country,
          organization: input.organization?.trim() ?? null,
          email: normalizeEmail(input.email),
          seatedAt: now,
        });
        this.audit.log(em, { cycleId, actor: caller.accountId, action: 'judge-seated', data: { seatId: seat.id, accountId: input.accountId, tier: input.tier, country: input.country }, at: now });
        await em.flush();
        const paused = (await this.members.sanctioned(em, [input.accountId])).size > 0;
        return seatView(seat, paused);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(ErrorCode.CONFLICT, `This member already holds a ${input.tier} seat in this cycle.`);
      throw error;
    }
  }

  /** The cycle's seats in the order they were filled, a page at a time (a jury is tens of seats: paged in memory). */
  async seats(caller: Principal, cycleId: string, limit = 20, cursor?: string): Promise<JudgeSeatPage> {
    requireAwardsAdmin(caller);
    const em = this.em.fork();
    await this.cycle(em, cycleId);
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const all = await this.judging.seats(em, cycleId);
    const after = key ? { at: new Date(String(key[0])).getTime(), id: String(key[1]) } : undefined;
    const rest = after ? all.filter((s) => s.seatedAt.getTime() > after.at || (s.seatedAt.getTime() === after.at && s.id > after.id)) : all;
    const page = pageOf(rest.slice(0, limit + 1), limit, (s) => [s.seatedAt.toISOString(), s.id]);
    const sanctioned = await this.members.sanctioned(em, page.items.map((s) => s.accountId));
    return { items: page.items.map((s) => seatView(s, s.accountId !== null && sanctioned.has(s.accountId))), nextCursor: page.nextCursor };
  }

  /** The seat ends; her score sheets stay on record but no longer count when judging closes. */
  async unseat(caller: Principal, cycleId: string, seatId: string): Promise<void> {
    requireAwardsAdmin(caller);
    await this.em.fork().transactional(async (em) => {
      const cycle = await this.cycle(em, cycleId, true);
      if (cycle.stage === 'published') throw wrongStage(`The ${cycle.year} results are published; the jury no longer changes.`);
      const seat = await this.judging.seat(em, cycleId, seatId);
      if (!seat || seat.removedAt) throw notFound('The jury seat');
      const now = new Date();
      seat.removedAt = now;
      this.audit.log(em, { cycleId, actor: caller.accountId, action: 'judge-unseated', data: { seatId, accountId: seat.accountId }, at: now });
      await em.flush();
    });
  }

  // ---- a judge's work ----

  /**
   * What she should screen or score now, over every seat she holds, oldest first; nominations kept from
   * her by a conflict are counted, not shown.
   */
  async queue(caller: Principal, cycleId: string, query: PageQuery): Promise<JudgingQueuePage> {
    requireJudge(caller);
    const em = this.em.fork();
    const cycle = await this.cycle(em, cycleId);
    const { judgingStage } = cycleStatus(cycle, new Date());
    if (!judgingStage) throw wrongStage(`Judging of the ${cycle.year} award begins when nominations close on ${cycle.nominationsCloseAt.toISOString()}.`);
    const { seats, paused } = await this.jury.activeSeats(em, caller, cycleId);
    if (paused) throw new DomainError('JURY_SEAT_PAUSED', 'Your jury seat is paused while a sanction on your account is in force.');
    if (seats.length === 0) throw new DomainError(ErrorCode.FORBIDDEN, `You hold no seat on the ${cycle.year} jury.`);
    const candidates = judgingStage === 'screening'
      ? await this.nominations.inScope(em, cycleId, { statuses: SCREENABLE })
      : judgingStage === 'jury' ? await this.nominations.inScope(em, cycleId, { statuses: ['finalist'] }) : [];
    const pausedNominations = await this.nominations.paused(em, candidates.map((n) => n.id));
    const book = await this.jury.conflictBook(em, cycle, seats, candidates);
    let withheld = 0;
    const visible: { nomination: Nomination; seat: JurySeat }[] = [];
    for (const nomination of candidates) {
      const covering = seats.filter((s) => seatCovers(s, nomination, judgingStage));
      if (covering.length === 0 || pausedNominations.has(nomination.id)) continue;
      const seat = covering.find((s) => !book.conflicted(s).has(nomination.id));
      if (seat) visible.push({ nomination, seat });
      else withheld += 1;
    }
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const after = key ? { at: String(key[0]), id: String(key[1]) } : undefined;
    const rest = after ? visible.filter(({ nomination: n }) => n.createdAt.toISOString() > after.at || (n.createdAt.toISOString() === after.at && n.id > after.id)) : visible;
    const page = pageOf(rest.slice(0, limit + 1), limit, ({ nomination: n }) => [n.createdAt.toISOString(), n.id]);
    const sheets = (await Promise.all(seats.filter((s) => s.tier === 'regional').map((s) => this.judging.sheetsOf(em, s.id, page.items.map((v) => v.nomination.id))))).flat();
    const task = judgingStage === 'screening' ? 'screen' : 'score';
    return {
      stage: judgingStage,
      seats: seats.map((s) => ({ id: s.id, tier: s.tier, country: s.country })),
      withheld,
      items: page.items.map(({ nomination: n, seat }) => {
        const sheet = sheets.find((s) => s.nominationId === n.id && s.seatId === seat.id) ?? null;
        return {
          nominationId: n.id,
          seatId: seat.id,
          task,
          category: n.category,
          nominee: nomineeView(n),
          status: n.status,
          done: task === 'screen' ? n.screenedAt !== null : sheet !== null,
          screening: screeningView(n),
          myScore: sheet ? scoreView(sheet) : null,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  async screen(caller: Principal, nominationId: string, input: ScreeningRequest): Promise<ScreeningResponse> {
    requireJudge(caller);
    if (input.finalist && !input.eligible) throw validationFailed('finalist', 'only an eligible nomination can be a finalist');
    return this.em.fork().transactional(async (em) => {
      const nomination = await this.nominations.byId(em, nominationId);
      if (!nomination) throw notFound('The nomination');
      // The cycle's row lock makes quota checks of one cycle take turns.
      const cycle = await this.cycle(em, nomination.cycleId, true);
      const { judgingStage } = cycleStatus(cycle, new Date());
      if (judgingStage !== 'screening') throw wrongStage(judgingStage ? `The national screening of the ${cycle.year} award is over.` : `The national screening begins when nominations close on ${cycle.nominationsCloseAt.toISOString()}.`);
      const locked = (await this.nominations.byId(em, nominationId, true))!;
      const seat = await this.jury.seatFor(em, caller, cycle, locked);
      if (!seat) throw notFound('The nomination');
      const group = { category: locked.category, country: locked.category === 'national' ? locked.nomineeCountry : null };
      const quota = locked.category === 'national' ? cycle.finalistsPerCountry : cycle.regionalFinalists;
      let finalists = await this.nominations.countFinalists(em, cycle.id, group);
      const finalist = Boolean(input.finalist);
      if (finalist && locked.status !== 'finalist') {
        if (finalists >= quota) {
          throw new DomainError('FINALIST_QUOTA_REACHED', `${groupName(locked)} already has ${finalists} finalists, its quota for ${cycle.year}; take one off before adding another.`, [{ finalists, quota }]);
        }
        finalists += 1;
      } else if (!finalist && locked.status === 'finalist') {
        finalists -= 1;
      }
      const now = new Date();
      Object.assign(locked, {
        screeningEligible: input.eligible,
        screeningFinalist: finalist,
        screeningNote: input.note.trim(),
        screenedBy: seat.id,
        screenedAt: now,
        status: finalist ? 'finalist' : input.eligible ? 'eligible' : 'ineligible',
        updatedAt: now,
      });
      this.audit.log(em, { cycleId: cycle.id, nominationId, actor: caller.accountId, action: 'screened', data: { seatId: seat.id, eligible: input.eligible, finalist, note: locked.screeningNote }, at: now });
      await em.flush();
      return { nominationId, status: locked.status, screening: screeningView(locked)!, finalists, quota };
    });
  }

  async score(caller: Principal, nominationId: string, input: ScoreRequest): Promise<ScoreView> {
    requireJudge(caller);
    try {
      return await this.writeSheet(caller, nominationId, input);
    } catch (error) {
      // Two sheets of hers for the same finalist at the same moment: the second finds the first and rewrites it.
      if (error instanceof UniqueConstraintViolationException) return this.writeSheet(caller, nominationId, input);
      throw error;
    }
  }

  private writeSheet(caller: Principal, nominationId: string, input: ScoreRequest): Promise<ScoreView> {
    return this.em.fork().transactional(async (em) => {
      const { nomination, cycle, viewer, seatId } = await this.nominationsService.access(em, caller, nominationId);
      // Seen as nominator, nominee or admin only: she has no jury seat that may score it.
      if (viewer !== 'judge' || !seatId) throw notFound('The nomination');
      const { judgingStage } = cycleStatus(cycle, new Date());
      if (judgingStage !== 'jury') throw wrongStage(judgingStage === 'screening' ? 'The regional jury scores finalists once the national screening is over.' : `Judging of the ${cycle.year} award has closed.`);
      if (nomination.status !== 'finalist') throw notFound('The nomination');
      const { total, lead, criteria } = scoreSheet(cycle.rubric, input.scores);
      const now = new Date();
      let sheet = await this.judging.sheet(em, seatId, nominationId);
      if (sheet) Object.assign(sheet, { criteria, total, lead, comment: input.comment?.trim() ?? null, updatedAt: now });
      else {
        sheet = em.create(ScoreSheet, { id: randomUUID(), seatId, nominationId, criteria, total, lead, comment: input.comment?.trim() ?? null, scoredAt: now, updatedAt: now });
      }
      this.audit.log(em, { cycleId: cycle.id, nominationId, actor: caller.accountId, action: 'score-recorded', data: { seatId, scores: criteria, total, ...(input.comment ? { comment: input.comment.trim() } : {}) }, at: now });
      await em.flush();
      return scoreView(sheet);
    });
  }

  /** She declares a conflict with a nomination she can see: from then on it is kept from every seat of hers. */
  async declareConflict(caller: Principal, nominationId: string, input: ConflictRequest): Promise<{ nominationId: string; declaredAt: string }> {
    requireJudge(caller);
    try {
      return await this.recordDeclaration(caller, nominationId, input);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(ErrorCode.CONFLICT, 'You have already declared a conflict with this nomination.');
      throw error;
    }
  }

  private recordDeclaration(caller: Principal, nominationId: string, input: ConflictRequest): Promise<{ nominationId: string; declaredAt: string }> {
    return this.em.fork().transactional(async (em) => {
      const { cycle, viewer, seatId } = await this.nominationsService.access(em, caller, nominationId);
      if (viewer !== 'judge' || !seatId) throw notFound('The nomination');
      if (cycle.stage === 'closed' || cycle.stage === 'published') throw wrongStage(`Judging of the ${cycle.year} award has closed.`);
      const now = new Date();
      const { seats } = await this.jury.activeSeats(em, caller, cycle.id);
      for (const seat of seats) {
        em.persist(em.create(ConflictDeclaration, { id: randomUUID(), seatId: seat.id, nominationId, reason: input.reason.trim(), declaredAt: now }));
      }
      this.audit.log(em, { cycleId: cycle.id, nominationId, actor: caller.accountId, action: 'conflict-declared', data: { seatIds: seats.map((s) => s.id), reason: input.reason.trim() }, at: now });
      await em.flush();
      return { nominationId, declaredAt: now.toISOString() };
    });
  }

  private async cycle(em: EntityManager, cycleId: string, lock = false): Promise<AwardCycle> {
    const cycle = await this.cycles.byId(em, cycleId, lock);
    if (!cycle) throw notFound('The award cycle');
    return cycle;
  }
}
