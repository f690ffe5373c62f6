/**
 * Nominations (issue 6): a verified member nominates a person or an organisation in a category of the
 * open cycle; endorsers confirm through a link; a nominee who is a member consents before judging; the
 * nominator may withdraw. Who sees a nomination: its nominator, its nominee, awards-admins, and judges
 * whose seat covers it without a conflict — nobody else, not even to learn that it exists.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type {
  AdminNominationPage,
  AnswerEndorsementRequest,
  ConsentRequest,
  CreateNominationRequest,
  CreatedNomination,
  CycleNominationsQuery,
  EndorsementRequestView,
  NominationPage,
  NominationView,
  PageQuery,
  Principal,
} from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import { AuditRepository } from '../audit/audit.repository';
import { isAwardsAdmin, requireAwardsAdmin, wrongStage } from '../awards-access';
import { AwardsConfig } from '../awards.config';
import type { AwardCycle } from '../cycles/award-cycle.entity';
import { cycleStatus } from '../cycles/cycle-rules';
import { CyclesRepository } from '../cycles/cycles.repository';
import { JudgingRepository } from '../judging/judging.repository';
import { JuryAccess } from '../judging/jury-access.service';
import { MembersRepository } from '../members/members.repository';
import { Endorsement, Nomination } from './nomination.entity';
import { eligibilityProblems, WITHDRAWABLE } from './nomination-rules';
import { nominationSummary, nominationView, screeningView } from './nomination-views';
import type { Viewer } from './nomination-views';
import { NominationsRepository } from './nominations.repository';

const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Where a nomination stands for a viewer: what she may see it as, and through which jury seat. */
export interface NominationAccess {
  nomination: Nomination;
  cycle: AwardCycle;
  viewer: Viewer;
  seatId: string | null;
}

@Injectable()
export class NominationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly nominations: NominationsRepository,
    private readonly cycles: CyclesRepository,
    private readonly members: MembersRepository,
    private readonly judging: JudgingRepository,
    private readonly jury: JuryAccess,
    private readonly audit: AuditRepository,
    private readonly blocks: BlocksProjection,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  async nominate(caller: Principal, cycleId: string, input: CreateNominationRequest): Promise<CreatedNomination> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const cycle = await this.cycles.byId(em, cycleId);
        if (!cycle) throw notFound('The award cycle');
        const now = new Date();
        const { status } = cycleStatus(cycle, now);
        if (status !== 'nominations-open') {
          throw new DomainError(
            'NOMINATIONS_CLOSED',
            status === 'draft'
              ? `Nominations for the ${cycle.year} award open on ${cycle.nominationsOpenAt.toISOString()}.`
              : `Nominations for the ${cycle.year} award closed on ${cycle.nominationsCloseAt.toISOString()}.`,
          );
        }
        if (!(await this.members.isVerified(em, caller.accountId))) {
          throw new DomainError('VERIFICATION_REQUIRED', 'Only members with a verified identity can nominate. Ask for verification from your profile, then nominate.');
        }
        const problems = eligibilityProblems(input);
        if (problems.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'This nomination does not fit the award.', problems);
        const memberId = input.nominee.memberId ?? null;
        if (memberId === caller.accountId) throw new DomainError('SELF_NOMINATION', 'Members cannot nominate themselves; ask someone who knows your work to nominate you.');
        if (memberId && !(await this.members.exists(em, memberId))) {
          throw new DomainError(ErrorCode.VALIDATION_FAILED, 'This nomination does not fit the award.', [{ field: 'nominee.memberId', problem: 'is not a member of the platform; leave it out for a nominee who is not a member' }]);
        }
        // Naming a member who blocked her (or whom she blocked) in a nomination would reach her through
        // the consent request: 403 BLOCKED, which says nothing of who blocked whom.
        if (memberId) await this.blocks.assertNotBlocked(em, caller.accountId, memberId);
        if ((await this.nominations.countByNominator(em, cycle.id, caller.accountId)) >= this.config.NOMINATIONS_PER_MEMBER) {
          throw new DomainError('NOMINATION_LIMIT', `A member can make at most ${this.config.NOMINATIONS_PER_MEMBER} nominations in a cycle.`);
        }
        const nomination = em.create(Nomination, {
          id: randomUUID(),
          cycleId: cycle.id,
          nominatorId: caller.accountId,
          category: input.category,
          nomineeKind: input.nominee.kind,
          nomineeName: input.nominee.name.trim(),
          nomineeCountry: input.nominee.country,
          nomineeCountries: input.nominee.countries ?? [],
          nomineeMemberId: memberId,
          nomineeOrganization: input.nominee.organization?.trim() ?? null,
          achievements: input.achievements.trim(),
          areas: input.areas ?? [],
          evidenceLinks: input.evidenceLinks ?? [],
          status: memberId ? 'awaiting-consent' : 'submitted',
          createdAt: now,
          updatedAt: now,
        });
        const links = (input.endorsers ?? []).map((endorser, position) => {
          const token = randomBytes(32).toString('base64url');
          em.persist(
            em.create(Endorsement, {
              id: randomUUID(),
              nominationId: nomination.id,
              name: endorser.name.trim(),
              email: endorser.email.trim().toLowerCase(),
              organization: endorser.organization?.trim() ?? null,
              tokenHash: hashToken(token),
              position,
            }),
          );
          return { name: endorser.name.trim(), token };
        });
        this.audit.log(em, {
          cycleId: cycle.id,
          nominationId: nomination.id,
          actor: caller.accountId,
          action: 'nominated',
          data: { category: nomination.category, nomineeKind: nomination.nomineeKind, nomineeCountry: nomination.nomineeCountry, endorsers: links.length },
          at: now,
        });
        await em.flush();
        return { id: nomination.id, status: nomination.status, endorsementLinks: links };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError(ErrorCode.CONFLICT, `You have already nominated ${input.nominee.name.trim()} in this cycle.`);
      }
      throw error;
    }
  }

  /** The nominations she made and those about her, newest first. */
  async mine(caller: Principal, query: PageQuery): Promise<NominationPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.nominations.mine(em, caller.accountId, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (n) => [n.createdAt.toISOString(), n.id]);
    const [years, paused] = await Promise.all([this.yearsOf(em, page.items), this.nominations.paused(em, page.items.map((n) => n.id))]);
    return {
      items: page.items.map((n) => nominationSummary(n, years.get(n.cycleId) ?? 0, paused.has(n.id), n.nominatorId === caller.accountId ? 'nominator' : 'nominee')),
      nextCursor: page.nextCursor,
    };
  }

  /** Resolves what the caller may see the nomination as; a nomination she may not see is not found. */
  async access(em: EntityManager, caller: Principal, nominationId: string, lock = false): Promise<NominationAccess> {
    const nomination = await this.nominations.byId(em, nominationId, lock);
    if (!nomination) throw notFound('The nomination');
    const cycle = (await this.cycles.byId(em, nomination.cycleId))!;
    if (nomination.nominatorId === caller.accountId) return { nomination, cycle, viewer: 'nominator', seatId: null };
    if (nomination.nomineeMemberId === caller.accountId) return { nomination, cycle, viewer: 'nominee', seatId: null };
    if (isAwardsAdmin(caller)) return { nomination, cycle, viewer: 'admin', seatId: null };
    const seat = await this.jury.seatFor(em, caller, cycle, nomination);
    if (seat) return { nomination, cycle, viewer: 'judge', seatId: seat.id };
    throw notFound('The nomination');
  }

  async get(caller: Principal, nominationId: string): Promise<NominationView> {
    const em = this.em.fork();
    const { nomination, cycle, viewer, seatId } = await this.access(em, caller, nominationId);
    const [endorsements, files, paused, myScore] = await Promise.all([
      this.nominations.endorsementsOf(em, [nomination.id]),
      this.nominations.filesOf(em, nomination.id),
      this.nominations.paused(em, [nomination.id]),
      seatId ? this.judging.sheet(em, seatId, nomination.id) : Promise.resolve(null),
    ]);
    return nominationView(nomination, cycle.year, paused.has(nomination.id), viewer, { endorsements, files, myScore });
  }

  /** The nominee who is a member agrees to be judged, or declines (the nomination then goes no further). */
  async consent(caller: Principal, nominationId: string, input: ConsentRequest): Promise<NominationView> {
    await this.em.fork().transactional(async (em) => {
      const { nomination, cycle, viewer } = await this.access(em, caller, nominationId, true);
      if (viewer !== 'nominee') throw new DomainError(ErrorCode.FORBIDDEN, 'Only the nominee herself consents to a nomination.');
      if (nomination.status !== 'awaiting-consent') throw new DomainError('ALREADY_ANSWERED', `You have already answered this nomination (it is ${nomination.status}).`);
      if (cycle.stage !== 'nominations') throw wrongStage('The jury has begun; nominations awaiting consent no longer go to judging.');
      const now = new Date();
      nomination.status = input.consent ? 'submitted' : 'declined';
      nomination.consentedAt = input.consent ? now : null;
      nomination.updatedAt = now;
      this.audit.log(em, { cycleId: cycle.id, nominationId, actor: caller.accountId, action: input.consent ? 'consent-given' : 'consent-declined', at: now });
      await em.flush();
    });
    return this.get(caller, nominationId);
  }

  async withdraw(caller: Principal, nominationId: string): Promise<NominationView> {
    await this.em.fork().transactional(async (em) => {
      const { nomination, cycle, viewer } = await this.access(em, caller, nominationId, true);
      if (viewer !== 'nominator') throw new DomainError(ErrorCode.FORBIDDEN, 'Only the member who made a nomination withdraws it.');
      if (!WITHDRAWABLE.includes(nomination.status)) throw new DomainError(ErrorCode.CONFLICT, `This nomination can no longer be withdrawn (it is ${nomination.status}).`);
      if (cycle.stage === 'closed' || cycle.stage === 'published') throw wrongStage(`Judging of the ${cycle.year} award has closed; nominations can no longer be withdrawn.`);
      const now = new Date();
      nomination.status = 'withdrawn';
      nomination.updatedAt = now;
      this.audit.log(em, { cycleId: cycle.id, nominationId, actor: caller.accountId, action: 'withdrawn', at: now });
      await em.flush();
    });
    return this.get(caller, nominationId);
  }

  /** Awards-admins' list of a cycle's nominations, with who nominated, screening, sheets and the conflicts found. */
  async ofCycle(caller: Principal, cycleId: string, query: CycleNominationsQuery): Promise<AdminNominationPage> {
    requireAwardsAdmin(caller);
    const em = this.em.fork();
    const cycle = await this.cycles.byId(em, cycleId);
    if (!cycle) throw notFound('The award cycle');
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.nominations.ofCycle(em, cycleId, query, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (n) => [n.createdAt.toISOString(), n.id]);
    const ids = page.items.map((n) => n.id);
    const seats = await this.judging.seats(em, cycleId);
    const [paused, confirmed, sheets, book] = await Promise.all([
      this.nominations.paused(em, ids),
      this.nominations.confirmedEndorsements(em, ids),
      this.judging.sheetCounts(em, ids),
      this.jury.conflictBook(em, cycle, seats, page.items),
    ]);
    return {
      items: page.items.map((n) => ({
        ...nominationSummary(n, cycle.year, paused.has(n.id)),
        nominatorId: n.nominatorId,
        endorsementsConfirmed: confirmed.get(n.id) ?? 0,
        screening: screeningView(n),
        scoreSheets: sheets.get(n.id) ?? 0,
        conflicts: seats.map((s) => ({ seatId: s.id, reasons: book.reasons(s, n) })).filter((c) => c.reasons.length > 0),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** What an endorser sees behind her link (no account needed). */
  async endorsement(token: string): Promise<EndorsementRequestView> {
    const em = this.em.fork();
    const endorsement = await this.nominations.endorsementByTokenHash(em, hashToken(token));
    if (!endorsement) throw notFound('The endorsement request');
    const nomination = (await this.nominations.byId(em, endorsement.nominationId))!;
    const cycle = (await this.cycles.byId(em, nomination.cycleId))!;
    return {
      endorserName: endorsement.name,
      status: endorsement.status,
      year: cycle.year,
      category: nomination.category,
      nominee: { kind: nomination.nomineeKind, name: nomination.nomineeName, country: nomination.nomineeCountry, countries: nomination.nomineeCountries, memberId: null, organization: nomination.nomineeOrganization },
      achievements: nomination.achievements,
      open: endorsement.status === 'requested' && this.endorsable(nomination, cycle),
    };
  }

  async answerEndorsement(token: string, input: AnswerEndorsementRequest): Promise<EndorsementRequestView> {
    await this.em.fork().transactional(async (em) => {
      const endorsement = await this.nominations.endorsementByTokenHash(em, hashToken(token), true);
      if (!endorsement) throw notFound('The endorsement request');
      const nomination = (await this.nominations.byId(em, endorsement.nominationId))!;
      const cycle = (await this.cycles.byId(em, nomination.cycleId))!;
      if (endorsement.status !== 'requested') throw new DomainError('ALREADY_ANSWERED', `You have already ${endorsement.status} this nomination.`);
      if (!this.endorsable(nomination, cycle)) throw wrongStage('This nomination no longer takes endorsements.');
      const now = new Date();
      endorsement.status = input.decision === 'confirm' ? 'confirmed' : 'declined';
      endorsement.statement = input.statement?.trim() ?? null;
      endorsement.respondedAt = now;
      this.audit.log(em, { cycleId: cycle.id, nominationId: nomination.id, actor: 'endorser', action: `endorsement-${endorsement.status}`, data: { position: endorsement.position }, at: now });
      await em.flush();
    });
    return this.endorsement(token);
  }

  /** Endorsements count until the regional jury begins, for a nomination still in the running. */
  private endorsable(nomination: Nomination, cycle: AwardCycle): boolean {
    return cycle.stage === 'nominations' && ['awaiting-consent', 'submitted', 'eligible', 'finalist'].includes(nomination.status);
  }

  /** The year of each cycle these nominations (or jury seats) belong to. */
  async yearsOf(em: EntityManager, rows: readonly { cycleId: string }[]): Promise<Map<string, number>> {
    const years = new Map<string, number>();
    for (const cycleId of new Set(rows.map((n) => n.cycleId))) {
      const cycle = await this.cycles.byId(em, cycleId);
      if (cycle) years.set(cycleId, cycle.year);
    }
    return years;
  }
}
