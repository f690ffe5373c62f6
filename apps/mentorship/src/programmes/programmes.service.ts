/**
 * Programme cohorts (issue 7): a programme-admin opens a cohort with application dates, members apply
 * as mentor or mentee, a matching run proposes the optimal assignment of the whole cohort, and the
 * admin adjusts and publishes it as mentorships. Every published pair is checked again against the
 * hard constraints and, under a lock on each mentor's profile, against her seats. A mentee is matched
 * once per cohort: a later run is for the leftovers (it leaves out whoever the programme matched, and
 * anyone under a sanction), and publishing refuses a mentee the programme already matched.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, OPERATOR_ACCOUNT_ID, conflict, decodeCursor, forbidden, notFound, pageOf, validationFailed } from '@weop/contracts';
import type {
  CreateProgrammePayload, MatchingRunView, PageQuery, Principal, ProgrammeApplicationPayload, ProgrammeApplicationView, ProgrammePage, ProgrammeStatus, ProgrammeView,
  PublishMatchingRunPayload, PublishedRunView,
} from '@weop/contracts';
import { MentorshipBlocks } from '../blocks/mentorship-blocks';
import { MembersRepository } from '../members/members.repository';
import { Mentorship } from '../mentorships/mentorship.entity';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { menteeProfileRequired } from '../profiles/profiles.service';
import { mentorAtCapacity } from '../requests/requests.service';
import { conductRequired, SafeguardingService } from '../safeguarding/safeguarding.service';
import { constraintBroken } from '../suggestions/match-quality';
import { menteeFacts, mentorFacts } from '../suggestions/suggestions.service';
import { runMatching } from './matching-run';
import { MatchingRun, Programme, ProgrammeApplication } from './programme.entity';
import { ProgrammesRepository } from './programmes.repository';

/** Above this many mentees a run keeps each mentee's best CANDIDATES_PER_MENTEE allowed mentors as candidates (docs/performance.md). */
const ALL_PAIRS_UP_TO = 2000;
/**
 * 160 reaches the all-pairs optimum to within half a point in 593,360 on the benchmark cohort, proven within
 * 0.001 % by the run's bound, in about 1 s of CPU (docs/performance.md).
 */
const CANDIDATES_PER_MENTEE = 160;

export const isProgrammeAdmin = (caller: Principal): boolean => caller.roles.some((r) => r === 'programme-admin' || r === 'admin');

export const requireProgrammeAdmin = (caller: Principal): void => {
  if (!isProgrammeAdmin(caller)) throw forbidden('Only programme administrators manage cohorts.');
};

const statusAt = (p: Programme, now: Date): ProgrammeStatus =>
  now < p.applicationsOpenAt ? 'upcoming' : now < p.applicationsCloseAt ? 'applications-open' : 'applications-closed';

/** A second mentorship from one cohort for the same mentee: 409, whichever run or adjustment proposed it. */
const menteeAlreadyMatched = (menteeId: string): DomainError =>
  new DomainError('MENTEE_ALREADY_MATCHED', `Mentee ${menteeId} already has a mentorship from this programme: drop her from this run (or start a new run, which leaves out whoever is matched).`, [{ menteeId }]);

const runView = (r: MatchingRun): MatchingRunView => ({
  id: r.id, programmeId: r.programmeId, status: r.status, method: r.method, totalScore: r.totalScore, greedyScore: r.greedyScore, qualityBound: r.qualityBound,
  proposals: r.proposals, unmatched: r.unmatched, createdAt: r.createdAt.toISOString(), publishedAt: r.publishedAt?.toISOString() ?? null,
});

@Injectable()
export class ProgrammesService {
  constructor(
    private readonly em: EntityManager,
    private readonly programmes: ProgrammesRepository,
    private readonly profiles: ProfilesRepository,
    private readonly members: MembersRepository,
    private readonly mentorships: MentorshipsRepository,
    private readonly notifications: NotificationsService,
    private readonly safeguarding: SafeguardingService,
    private readonly blocks: MentorshipBlocks,
  ) {}

  async create(caller: Principal, input: CreateProgrammePayload): Promise<{ id: string }> {
    requireProgrammeAdmin(caller);
    const openAt = new Date(input.applicationsOpenAt);
    const closeAt = new Date(input.applicationsCloseAt);
    if (Number.isNaN(openAt.getTime())) throw validationFailed('applicationsOpenAt', 'must be a valid date');
    if (Number.isNaN(closeAt.getTime())) throw validationFailed('applicationsCloseAt', 'must be a valid date');
    if (closeAt <= openAt) throw validationFailed('applicationsCloseAt', 'must be after applicationsOpenAt');
    return this.em.fork().transactional(async (em) => {
      const programme = em.create(Programme, { id: randomUUID(), name: input.name.trim(), description: input.description?.trim() ?? '', applicationsOpenAt: openAt, applicationsCloseAt: closeAt, createdBy: caller.accountId, createdAt: new Date(), requiredAttendancePercent: input.requiredAttendancePercent ?? 75 });
      em.persist(programme);
      await em.flush();
      return { id: programme.id };
    });
  }

  async list(_caller: Principal, query: PageQuery): Promise<ProgrammePage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.programmes.page(em, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (p) => [p.createdAt.toISOString(), p.id]);
    const counts = await this.programmes.applicantCounts(em, page.items.map((p) => p.id));
    const now = new Date();
    return { items: page.items.map((p) => this.view(p, counts.get(p.id)!, now)), nextCursor: page.nextCursor };
  }

  async apply(caller: Principal, input: ProgrammeApplicationPayload): Promise<ProgrammeApplicationView> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const programme = await this.programmes.find(em, input.id);
        if (!programme) throw notFound('The programme');
        const now = new Date();
        if (statusAt(programme, now) !== 'applications-open') {
          throw new DomainError('APPLICATIONS_CLOSED', `Applications to this programme are open from ${programme.applicationsOpenAt.toISOString()} to ${programme.applicationsCloseAt.toISOString()}.`);
        }
        if (!(await this.safeguarding.accepted(em, caller.accountId))) throw conductRequired('you');
        if (input.role === 'mentor') {
          if (!caller.roles.includes('mentor')) throw forbidden('Only members with the mentor role apply as mentors.');
          if (!(await this.profiles.mentor(em, caller.accountId))) throw new DomainError('MENTOR_PROFILE_REQUIRED', 'Create your mentor profile first (PUT /mentorship/mentor-profile).');
        } else if (!(await this.profiles.mentee(em, caller.accountId))) throw menteeProfileRequired();
        em.persist(em.create(ProgrammeApplication, { programmeId: programme.id, accountId: caller.accountId, role: input.role, appliedAt: now }));
        await em.flush();
        return { programmeId: programme.id, role: input.role, appliedAt: now.toISOString() };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict(`You have already applied to this programme as ${input.role}.`);
      throw error;
    }
  }

  /** Proposes the optimal assignment of the cohort's applicants; nothing is published yet. */
  async runMatching(caller: Principal, programmeId: string): Promise<MatchingRunView> {
    requireProgrammeAdmin(caller);
    return this.propose(programmeId, caller.accountId);
  }

  /** The same run started by the operators (`npm run weop -- matching run`); programme-admins publish it as usual. */
  runMatchingAsOperator(programmeId: string): Promise<MatchingRunView> {
    return this.propose(programmeId, OPERATOR_ACCOUNT_ID);
  }

  private propose(programmeId: string, createdBy: string): Promise<MatchingRunView> {
    return this.em.fork().transactional(async (em) => {
      const programme = await this.programmes.find(em, programmeId);
      if (!programme) throw notFound('The programme');
      const applicants = (await this.programmes.applicants(em, programmeId, 'mentee')).map((a) => a.accountId);
      // A later run is for the cohort's leftovers: whoever this programme already matched is left out
      // (her mentor's seat is counted in seatsTaken like any other mentorship's).
      const matched = await this.mentorships.matchedInProgramme(em, programmeId, applicants);
      const menteeIds = applicants.filter((id) => !matched.has(id));
      const mentorIds = (await this.programmes.applicants(em, programmeId, 'mentor')).map((a) => a.accountId);
      const now = new Date();
      const members = await this.members.many(em, [...menteeIds, ...mentorIds]);
      const seats = await this.profiles.seatsTaken(em, mentorIds);
      // A blocked pair is a hard constraint: never proposed.
      const forbidden = await this.blocks.forbiddenPairs(em, menteeIds, mentorIds);
      const facts = (await this.profiles.menteesByIds(em, menteeIds)).map((p) => menteeFacts(p, members.get(p.accountId), now, forbidden.get(p.accountId)));
      // A mentee under a suspension or expulsion is matched with no one: left out before the pairs are weighed, listed as unmatched.
      const mentees = facts.filter((m) => !m.sanctioned);
      const mentors = (await this.profiles.mentorsByIds(em, mentorIds)).map((p) => mentorFacts(p, members.get(p.accountId), seats.get(p.accountId) ?? 0, now));
      const result = runMatching(mentees, mentors, mentees.length > ALL_PAIRS_UP_TO ? CANDIDATES_PER_MENTEE : 0);
      const unmatched = [...result.unmatched, ...facts.filter((m) => m.sanctioned).map((m) => m.accountId)];
      const run = em.create(MatchingRun, {
        id: randomUUID(), programmeId, status: 'proposed', method: 'min-cost-flow', totalScore: result.totalScore, greedyScore: result.greedyScore,
        qualityBound: Number.isFinite(result.qualityBound) ? result.qualityBound : null,
        proposals: result.proposals, unmatched, createdBy, createdAt: now, publishedAt: null,
      });
      em.persist(run);
      await em.flush();
      return runView(run);
    });
  }

  async getRun(caller: Principal, programmeId: string, runId: string): Promise<MatchingRunView> {
    requireProgrammeAdmin(caller);
    const run = await this.programmes.run(this.em.fork(), programmeId, runId);
    if (!run) throw notFound('The matching run');
    return runView(run);
  }

  /** The proposals, with the admin's adjustments, become mentorships. */
  async publish(caller: Principal, input: PublishMatchingRunPayload): Promise<PublishedRunView> {
    requireProgrammeAdmin(caller);
    try {
      return await this.em.fork().transactional(async (em) => {
        // The cohort's row first: publications of two of its runs queue here, so the second sees whom the first matched.
        if (!(await this.programmes.find(em, input.id, true))) throw notFound('The matching run');
        const run = await this.programmes.run(em, input.id, input.runId, true);
        if (!run) throw notFound('The matching run');
        if (run.status !== 'proposed') throw conflict('This matching run has already been published.');
        const replaced = new Set([...(input.drop ?? []), ...(input.pairs ?? []).map((p) => p.menteeId)]);
        const final = [...run.proposals.filter((p) => !replaced.has(p.menteeId)).map((p) => ({ menteeId: p.menteeId, mentorId: p.mentorId })), ...(input.pairs ?? [])];
        if (new Set(final.map((p) => p.menteeId)).size !== final.length) throw validationFailed('pairs', 'name each mentee at most once');
        const menteeApplicants = new Set((await this.programmes.applicants(em, input.id, 'mentee')).map((a) => a.accountId));
        const mentorApplicants = new Set((await this.programmes.applicants(em, input.id, 'mentor')).map((a) => a.accountId));
        const now = new Date();
        const mentorIds = [...new Set(final.map((p) => p.mentorId))].sort();
        // Each mentor's profile row locked (in one order, so two publications never deadlock): her seats are counted under it.
        const mentorProfiles = new Map<string, Awaited<ReturnType<ProfilesRepository['mentor']>>>();
        for (const id of mentorIds) mentorProfiles.set(id, await this.profiles.mentor(em, id, true));
        const members = await this.members.many(em, [...final.map((p) => p.menteeId), ...mentorIds]);
        const seats = await this.profiles.seatsTaken(em, mentorIds);
        const mentees = new Map((await this.profiles.menteesByIds(em, final.map((p) => p.menteeId))).map((p) => [p.accountId, p]));
        // A block made since the run, or a pair the admin added by hand, is refused like any broken constraint.
        const forbidden = await this.blocks.forbiddenPairs(em, final.map((p) => p.menteeId), mentorIds);
        const matched = await this.mentorships.matchedInProgramme(em, input.id, final.map((p) => p.menteeId));
        let created = 0;
        for (const pair of final) {
          const mentorProfile = mentorProfiles.get(pair.mentorId);
          const menteeProfile = mentees.get(pair.menteeId);
          if (!menteeApplicants.has(pair.menteeId) || !mentorApplicants.has(pair.mentorId) || !mentorProfile || !menteeProfile) {
            throw new DomainError('PAIR_NOT_ALLOWED', `Mentee ${pair.menteeId} and mentor ${pair.mentorId} must both have applied to this programme, with their profiles.`);
          }
          if (matched.has(pair.menteeId)) throw menteeAlreadyMatched(pair.menteeId);
          if (!(await this.safeguarding.accepted(em, pair.menteeId))) throw conductRequired('mentee');
          if (!(await this.safeguarding.accepted(em, pair.mentorId))) throw conductRequired('mentor');
          const taken = seats.get(pair.mentorId) ?? 0;
          const broken = constraintBroken(menteeFacts(menteeProfile, members.get(pair.menteeId), now, forbidden.get(pair.menteeId)), mentorFacts(mentorProfile, members.get(pair.mentorId), taken, now), { ignoreSeats: true });
          if (broken !== null) throw new DomainError('PAIR_NOT_ALLOWED', `Mentee ${pair.menteeId} cannot be matched with mentor ${pair.mentorId}: ${broken}.`);
          if (taken >= mentorProfile.capacity) throw mentorAtCapacity();
          if (await this.mentorships.livePair(em, pair.mentorId, pair.menteeId)) continue;
          seats.set(pair.mentorId, taken + 1);
          const mentorship = em.create(Mentorship, { id: randomUUID(), mentorId: pair.mentorId, menteeId: pair.menteeId, programmeId: input.id, startedAt: now });
          em.persist(mentorship);
          for (const side of [pair.mentorId, pair.menteeId]) {
            await this.notifications.tell(em, side, 'mentorship.matched', 'The mentorship programme matched you: your mentorship has begun.', `/mentorship/mentorships/${mentorship.id}`, now);
          }
          created++;
        }
        run.status = 'published';
        run.publishedAt = now;
        await em.flush();
        return { runId: run.id, created };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('One of these pairs already has a mentorship.');
      throw error;
    }
  }

  private view(p: Programme, counts: { mentor: number; mentee: number }, now: Date): ProgrammeView {
    return {
      id: p.id, name: p.name, description: p.description, applicationsOpenAt: p.applicationsOpenAt.toISOString(), applicationsCloseAt: p.applicationsCloseAt.toISOString(),
      status: statusAt(p, now), mentorApplicants: counts.mentor, menteeApplicants: counts.mentee, requiredAttendancePercent: p.requiredAttendancePercent,
    };
  }
}
