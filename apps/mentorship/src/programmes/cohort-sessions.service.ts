/**
 * Cohort sessions (issue 7): a programme-admin attaches content's events (training sessions, webinars,
 * workshops) to a cohort and records who attended. A mentee completes the cohort when her programme
 * mentorship was completed and she attended the cohort's share of the sessions held so far; she then
 * downloads a certificate (PDF), issued once with a number of its own.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, conflict, decodeCursor, notFound, pageOf, validationFailed } from '@weop/contracts';
import type {
  AttachSessionPayload, CertificateResponse, CohortSessionList, CohortSessionPayload, CohortSessionView, CompletionView, MentorshipListPayload, Principal, RecordAttendancePayload,
} from '@weop/contracts';
import { MembersRepository } from '../members/members.repository';
import { MentorshipConfig } from '../mentorship.config';
import { renderCertificate } from './certificate';
import type { CohortSession, ContentEvent } from './cohort-session.entity';
import { CohortSessionsRepository } from './cohort-sessions.repository';
import type { Programme } from './programme.entity';
import { ProgrammesRepository } from './programmes.repository';
import { isProgrammeAdmin, requireProgrammeAdmin } from './programmes.service';

/** A session's place in the cohort's list (repository `list` order): when it starts (undated last), when attached, its id. */
const UNDATED = Number.MAX_SAFE_INTEGER;
const sessionKey = ({ session, event }: { session: CohortSession; event: ContentEvent }): [number, string, string] =>
  [event.startsAt?.getTime() ?? UNDATED, session.attachedAt.toISOString(), session.eventId];

/** A session counts once it has started, or once attendance was taken (an event without a date). */
const held = (event: ContentEvent, hasAttendance: boolean, now: Date): boolean => (event.startsAt ? event.startsAt <= now : hasAttendance);

@Injectable()
export class CohortSessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly programmes: ProgrammesRepository,
    private readonly sessions: CohortSessionsRepository,
    private readonly members: MembersRepository,
    private readonly config: MentorshipConfig,
  ) {}

  async attach(caller: Principal, input: AttachSessionPayload): Promise<CohortSessionView> {
    requireProgrammeAdmin(caller);
    return this.em.fork().transactional(async (em) => {
      await this.programme(em, input.id);
      const event = await this.sessions.event(em, input.eventId, true);
      if (!event) throw notFound('The event (only published events of the platform can be attached)');
      const now = new Date();
      const attached = await this.sessions.attach(em, { programmeId: input.id, eventId: input.eventId, kind: input.kind, attachedBy: caller.accountId, attachedAt: now });
      if (!attached) throw conflict('This event is already attached to the cohort.');
      return this.view(attached, event, 0, null, true, now);
    });
  }

  async detach(caller: Principal, input: CohortSessionPayload): Promise<void> {
    requireProgrammeAdmin(caller);
    await this.em.fork().transactional(async (em) => {
      await this.programme(em, input.id);
      if (!(await this.sessions.detach(em, input.id, input.eventId))) throw notFound('The session');
    });
  }

  /**
   * Content withdrew the event (unpublished, deleted, cancelled): it will not take place, so its sessions must not
   * count as held and are detached, unless attendance was recorded (completions and certificates rest on it).
   * A late, older withdrawal changes nothing. In the consumer's transaction.
   */
  async eventWithdrawn(em: EntityManager, itemId: string, changedAt: Date): Promise<void> {
    if (await this.sessions.markWithdrawn(em, itemId, changedAt)) await this.sessions.detachUnattended(em, itemId);
  }

  /** Every member sees a cohort's sessions; administrators see attendance counts, participants whether they attended. */
  /**
   * A page at a time, in the order they take place. A cohort has tens of sessions, not thousands: they are
   * read whole (completion needs them all too) and paged here, after the cursor's (startsAt, attachedAt, id).
   */
  async list(caller: Principal, query: MentorshipListPayload): Promise<CohortSessionList> {
    const programmeId = query.id;
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number', 'date', 'uuid']);
    const em = this.em.fork();
    await this.programme(em, programmeId);
    const admin = isProgrammeAdmin(caller);
    const participant = await this.sessions.isParticipant(em, programmeId, caller.accountId);
    const all = await this.sessions.list(em, programmeId);
    const after = key ? [Number(key[0]), new Date(String(key[1])).toISOString(), String(key[2]).toLowerCase()] as const : null;
    const rows = after ? all.filter((row) => {
      const [startsAt, attachedAt, id] = sessionKey(row);
      return startsAt !== after[0] ? startsAt > after[0] : attachedAt !== after[1] ? attachedAt > after[1] : id > after[2];
    }) : all;
    const page = pageOf(rows, limit, sessionKey);
    const counts = await this.sessions.attendanceCounts(em, programmeId);
    const mine = participant ? await this.sessions.attendedBy(em, programmeId, caller.accountId) : new Set<string>();
    const now = new Date();
    return {
      items: page.items.map(({ session, event }) => this.view(session, event, counts.get(session.eventId) ?? 0, participant ? mine.has(session.eventId) : null, admin, now)),
      nextCursor: page.nextCursor,
    };
  }

  async recordAttendance(caller: Principal, input: RecordAttendancePayload): Promise<CohortSessionView> {
    requireProgrammeAdmin(caller);
    const absent = input.absent ?? [];
    const both = input.attended.find((id) => absent.includes(id));
    if (both) throw validationFailed('absent', 'a participant cannot be both attended and absent');
    return this.em.fork().transactional(async (em) => {
      await this.programme(em, input.id);
      const found = await this.sessions.session(em, input.id, input.eventId);
      if (!found) throw notFound('The session');
      const now = new Date();
      if (found.event.startsAt && found.event.startsAt > now) {
        throw new DomainError('SESSION_NOT_HELD', `Attendance is taken once the session has started (${found.event.startsAt.toISOString()}).`);
      }
      const participants = await this.sessions.participants(em, input.id, [...input.attended, ...absent]);
      const strangers = [...input.attended.map((id, i) => ({ id, field: `attended[${i}]` })), ...absent.map((id, i) => ({ id, field: `absent[${i}]` }))]
        .filter((x) => !participants.has(x.id));
      if (strangers.length > 0) {
        throw new DomainError('NOT_A_PARTICIPANT', 'Attendance is recorded for the cohort\'s participants only.', strangers.map((s) => ({ field: s.field, problem: 'is not a participant of this cohort' })));
      }
      await this.sessions.record(em, input.id, input.eventId, input.attended, absent, caller.accountId, now);
      const counts = await this.sessions.attendanceCounts(em, input.id);
      return this.view(found.session, found.event, counts.get(input.eventId) ?? 0, null, true, now);
    });
  }

  async completion(caller: Principal, programmeId: string): Promise<CompletionView> {
    const em = this.em.fork();
    const programme = await this.programme(em, programmeId);
    return this.completionOf(em, programme, caller.accountId);
  }

  /** Her certificate, issued on first download; 409 PROGRAMME_NOT_COMPLETED until she has completed. */
  async certificate(caller: Principal, programmeId: string): Promise<CertificateResponse> {
    return this.em.fork().transactional(async (em) => {
      const programme = await this.programme(em, programmeId);
      const completion = await this.completionOf(em, programme, caller.accountId);
      if (!completion.completed) {
        const missing = [
          ...(completion.mentorshipCompleted ? [] : ['her programme mentorship completed by both sides']),
          ...(completion.sessionsAttended >= completion.sessionsRequired ? [] : [`${completion.sessionsRequired - completion.sessionsAttended} more session(s) attended`]),
        ];
        throw new DomainError('PROGRAMME_NOT_COMPLETED', `The certificate is issued once the cohort is completed: ${missing.join(' and ') || 'she is not a mentee of this cohort'}.`);
      }
      const issued = await this.sessions.issueCertificate(em, { id: randomUUID(), programmeId, accountId: caller.accountId, issuedAt: new Date() });
      const member = await this.members.find(em, caller.accountId);
      const pdf = await renderCertificate({
        certificateId: issued.id,
        name: member?.displayName ?? 'WEOP mentee',
        programme: programme.name,
        sessionsAttended: completion.sessionsAttended,
        issuedAt: issued.issuedAt,
      }, { cjkFont: this.config.CERTIFICATE_CJK_FONT, cjkFamily: this.config.CERTIFICATE_CJK_FAMILY });
      return { filename: `weop-certificate-${issued.id}.pdf`, contentBase64: pdf.toString('base64') };
    });
  }

  /**
   * Her cohorts, for `GET /me/export`: her applications, the sessions of each cohort with whether she
   * attended, her completion as a mentee, and her certificates (their number and date; the PDF is
   * downloaded from its own address). Other participants' attendance and the matching runs' scores stay out.
   */
  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const applications = await this.programmes.applicationsOf(em, caller.accountId);
    const programmes = await this.programmes.many(em, [...new Set(applications.map((a) => a.programmeId))]);
    const certificates = await this.sessions.certificatesOf(em, caller.accountId);
    const now = new Date();
    const cohorts = [];
    for (const programme of programmes) {
      const rows = await this.sessions.list(em, programme.id);
      const counts = await this.sessions.attendanceCounts(em, programme.id);
      const mine = await this.sessions.attendedBy(em, programme.id, caller.accountId);
      const asMentee = applications.some((a) => a.programmeId === programme.id && a.role === 'mentee');
      cohorts.push({
        programmeId: programme.id,
        name: programme.name,
        roles: applications.filter((a) => a.programmeId === programme.id).map((a) => ({ role: a.role, appliedAt: a.appliedAt.toISOString() })),
        sessions: rows.map(({ session, event }) => {
          const view = this.view(session, event, counts.get(session.eventId) ?? 0, mine.has(session.eventId), false, now);
          return { eventId: view.eventId, title: view.title, kind: view.kind, startsAt: view.startsAt, held: view.held, attended: view.attended };
        }),
        completion: asMentee ? await this.completionOf(em, programme, caller.accountId) : null,
      });
    }
    return {
      programmes: cohorts,
      certificates: certificates.map((c) => ({
        id: c.id, programmeId: c.programmeId, programmeName: programmes.find((p) => p.id === c.programmeId)?.name ?? null, issuedAt: c.issuedAt.toISOString(), url: `/mentorship/programmes/${c.programmeId}/certificate`,
      })),
    };
  }

  private async completionOf(em: EntityManager, programme: Programme, accountId: string): Promise<CompletionView> {
    const now = new Date();
    const rows = await this.sessions.list(em, programme.id);
    const counts = await this.sessions.attendanceCounts(em, programme.id);
    const heldIds = rows.filter(({ session, event }) => held(event, (counts.get(session.eventId) ?? 0) > 0, now)).map(({ session }) => session.eventId);
    const mine = await this.sessions.attendedBy(em, programme.id, accountId);
    const sessionsAttended = heldIds.filter((id) => mine.has(id)).length;
    const sessionsRequired = Math.ceil((programme.requiredAttendancePercent * heldIds.length) / 100);
    const isMentee = await this.sessions.isParticipant(em, programme.id, accountId, 'mentee');
    const mentorshipCompleted = isMentee && (await this.sessions.completedMentorship(em, programme.id, accountId));
    const completed = mentorshipCompleted && sessionsAttended >= sessionsRequired;
    return {
      programmeId: programme.id,
      sessionsHeld: heldIds.length,
      sessionsAttended,
      sessionsRequired,
      mentorshipCompleted,
      completed,
      certificateUrl: completed ? `/mentorship/programmes/${programme.id}/certificate` : null,
    };
  }

  private async programme(em: EntityManager, id: string): Promise<Programme> {
    const programme = await this.programmes.find(em, id);
    if (!programme) throw notFound('The programme');
    return programme;
  }

  private view(session: CohortSession, event: ContentEvent, attendees: number, attended: boolean | null, admin: boolean, now: Date): CohortSessionView {
    return {
      eventId: session.eventId,
      title: event.title,
      kind: session.kind,
      startsAt: event.startsAt?.toISOString() ?? null,
      attachedAt: session.attachedAt.toISOString(),
      held: held(event, attendees > 0, now),
      attendees: admin ? attendees : null,
      attended,
    };
  }
}
