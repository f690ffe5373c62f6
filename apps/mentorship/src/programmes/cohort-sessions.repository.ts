/** Cohort sessions, attendance and certificates, and the content events they point at. */
import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CohortSession, ContentEvent, ProgrammeCertificate, SessionAttendance } from './cohort-session.entity';

@Injectable()
export class CohortSessionsRepository {
  /**
   * Keeps a live event of content as last announced (published or edited): a newer announcement of
   * the same item replaces its title and date and makes it live again; an older one (late) changes nothing.
   */
  async saveEvent(em: EntityManager, event: Omit<ContentEvent, 'withdrawnAt'>): Promise<void> {
    await em.getConnection().execute(
      `insert into content_event (item_id, title, starts_at, published_at, changed_at) values (?, ?, ?, ?, ?)
       on conflict (item_id) do update set title = excluded.title, starts_at = excluded.starts_at, published_at = excluded.published_at,
         changed_at = excluded.changed_at, withdrawn_at = null
       where content_event.changed_at < excluded.changed_at`,
      [event.itemId, event.title, event.startsAt, event.publishedAt, event.changedAt], 'run', em.getTransactionContext(),
    );
  }

  /**
   * The event is no longer public. It is kept, marked: an older announcement delivered late does not bring it
   * back, and at equal times the withdrawal wins. Answers whether this withdrawal was applied.
   */
  async markWithdrawn(em: EntityManager, itemId: string, changedAt: Date): Promise<boolean> {
    const applied = await em.getConnection().execute<{ item_id: string }[]>(
      `insert into content_event (item_id, title, starts_at, published_at, changed_at, withdrawn_at) values (?, '', null, ?, ?, ?)
       on conflict (item_id) do update set changed_at = excluded.changed_at, withdrawn_at = excluded.withdrawn_at
       where content_event.changed_at <= excluded.changed_at
       returning item_id`,
      [itemId, changedAt, changedAt, changedAt], 'all', em.getTransactionContext(),
    );
    return applied.length > 0;
  }

  /** Detaches the event's sessions that have no attendance recorded; those with attendance stay. */
  async detachUnattended(em: EntityManager, itemId: string): Promise<void> {
    await em.getConnection().execute(
      `delete from cohort_session s where s.event_id = ?
         and not exists (select 1 from session_attendance a where a.programme_id = s.programme_id and a.event_id = s.event_id)`,
      [itemId], 'run', em.getTransactionContext(),
    );
  }

  /**
   * An event a programme-admin may attach: known, and still public. `forShare` (attaching) holds the row
   * until the attaching transaction ends, so a withdrawal arriving meanwhile waits, and then its detaching
   * delete sees the new session instead of missing it.
   */
  event(em: EntityManager, itemId: string, forShare = false): Promise<ContentEvent | null> {
    return em.findOne(ContentEvent, { itemId, withdrawnAt: null }, forShare ? { lockMode: LockMode.PESSIMISTIC_READ } : {});
  }

  /** Attaches the session; null when it already was. */
  async attach(em: EntityManager, session: CohortSession): Promise<CohortSession | null> {
    const rows = await em.getConnection().execute<{ programme_id: string }[]>(
      `insert into cohort_session (programme_id, event_id, kind, attached_by, attached_at) values (?, ?, ?, ?, ?)
       on conflict do nothing returning programme_id`,
      [session.programmeId, session.eventId, session.kind, session.attachedBy, session.attachedAt], 'all', em.getTransactionContext(),
    );
    return rows.length > 0 ? session : null;
  }

  async detach(em: EntityManager, programmeId: string, eventId: string): Promise<boolean> {
    return (await em.nativeDelete(CohortSession, { programmeId, eventId })) > 0;
  }

  async session(em: EntityManager, programmeId: string, eventId: string): Promise<{ session: CohortSession; event: ContentEvent } | null> {
    const session = await em.findOne(CohortSession, { programmeId, eventId });
    if (!session) return null;
    return { session, event: await em.findOneOrFail(ContentEvent, { itemId: eventId }) };
  }

  /** The cohort's sessions in the order they take place (undated last), then as attached, then by id. */
  async list(em: EntityManager, programmeId: string): Promise<{ session: CohortSession; event: ContentEvent }[]> {
    const sessions = await em.find(CohortSession, { programmeId });
    const events = new Map((await em.find(ContentEvent, { itemId: { $in: sessions.map((s) => s.eventId) } })).map((e) => [e.itemId, e]));
    return sessions
      .map((session) => ({ session, event: events.get(session.eventId)! }))
      .sort((a, b) => (a.event.startsAt?.getTime() ?? Infinity) - (b.event.startsAt?.getTime() ?? Infinity) || a.session.attachedAt.getTime() - b.session.attachedAt.getTime() || (a.session.eventId < b.session.eventId ? -1 : a.session.eventId > b.session.eventId ? 1 : 0));
  }

  async attendanceCounts(em: EntityManager, programmeId: string): Promise<Map<string, number>> {
    const rows = await em.getConnection().execute<{ event_id: string; n: string }[]>(
      'select event_id, count(*) as n from session_attendance where programme_id = ? group by event_id',
      [programmeId], 'all', em.getTransactionContext(),
    );
    return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  }

  async attendedBy(em: EntityManager, programmeId: string, accountId: string): Promise<Set<string>> {
    const rows = await em.find(SessionAttendance, { programmeId, accountId });
    return new Set(rows.map((r) => r.eventId));
  }

  async record(em: EntityManager, programmeId: string, eventId: string, attended: string[], absent: string[], recordedBy: string, at: Date): Promise<void> {
    if (attended.length > 0) {
      await em.getConnection().execute(
        `insert into session_attendance (programme_id, event_id, account_id, recorded_by, recorded_at)
         select ?, ?, a::uuid, ?, ? from jsonb_array_elements_text(?::jsonb) a on conflict do nothing`,
        [programmeId, eventId, recordedBy, at, JSON.stringify(attended)], 'run', em.getTransactionContext(),
      );
    }
    if (absent.length > 0) await em.nativeDelete(SessionAttendance, { programmeId, eventId, accountId: { $in: absent } });
  }

  /** Applicants of the cohort (as either role, or the one given). */
  async isParticipant(em: EntityManager, programmeId: string, accountId: string, role?: 'mentor' | 'mentee'): Promise<boolean> {
    const rows = await em.getConnection().execute<{ one: number }[]>(
      `select 1 as one from programme_application where programme_id = ? and account_id = ?${role ? ' and role = ?' : ''} limit 1`,
      role ? [programmeId, accountId, role] : [programmeId, accountId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  async participants(em: EntityManager, programmeId: string, accountIds: string[]): Promise<Set<string>> {
    if (accountIds.length === 0) return new Set();
    const rows = await em.getConnection().execute<{ account_id: string }[]>(
      'select distinct account_id from programme_application where programme_id = ? and account_id in (select a::uuid from jsonb_array_elements_text(?::jsonb) a)',
      [programmeId, JSON.stringify(accountIds)], 'all', em.getTransactionContext(),
    );
    return new Set(rows.map((r) => r.account_id));
  }

  async completedMentorship(em: EntityManager, programmeId: string, menteeId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ one: number }[]>(
      `select 1 as one from mentorship where programme_id = ? and mentee_id = ? and status = 'completed' limit 1`,
      [programmeId, menteeId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** Her certificate for the cohort: the one issued before, or this new one. */
  async issueCertificate(em: EntityManager, certificate: ProgrammeCertificate): Promise<ProgrammeCertificate> {
    await em.getConnection().execute(
      'insert into programme_certificate (id, programme_id, account_id, issued_at) values (?, ?, ?, ?) on conflict (programme_id, account_id) do nothing',
      [certificate.id, certificate.programmeId, certificate.accountId, certificate.issuedAt], 'run', em.getTransactionContext(),
    );
    return em.findOneOrFail(ProgrammeCertificate, { programmeId: certificate.programmeId, accountId: certificate.accountId }, { refresh: true });
  }

  certificatesOf(em: EntityManager, accountId: string): Promise<ProgrammeCertificate[]> {
    return em.find(ProgrammeCertificate, { accountId }, { orderBy: { issuedAt: 'asc' } });
  }

  /** Her attendance and certificates go with her account; the cohort's sessions stay. */
  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeDelete(SessionAttendance, { accountId });
    await em.nativeDelete(ProgrammeCertificate, { accountId });
  }
}
