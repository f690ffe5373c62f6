/** Verification requests, their access log and uploads not yet tied to a request, as identity stores them. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { VerificationAccess, VerificationRequest } from './verification-request.entity';

export interface QueueRow {
  id: string;
  kind: 'identity' | 'organization';
  status: 'submitted' | 'in-review';
  submittedAt: Date;
  assignee: string | null;
  claimedAt: Date | null;
}

export const OPEN_STATUSES: VerificationRequest['status'][] = ['submitted', 'in-review', 'resubmission-requested'];

@Injectable()
export class VerificationRepository {
  byId(em: EntityManager, id: string, lock = false): Promise<VerificationRequest | null> {
    return em.findOne(VerificationRequest, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  openOf(em: EntityManager, accountId: string): Promise<VerificationRequest | null> {
    return em.findOne(VerificationRequest, { accountId, status: { $in: OPEN_STATUSES } });
  }

  requestsOf(em: EntityManager, accountId: string): Promise<VerificationRequest[]> {
    return em.find(VerificationRequest, { accountId }, { orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }], limit: 20 });
  }

  /**
   * The verifiers' queue: identity requests and organisations waiting for review, oldest first, after
   * a (submittedAt, id) cursor.
   */
  async queue(em: EntityManager, statuses: ('submitted' | 'in-review')[], limit: number, after?: { at: Date; id: string }): Promise<QueueRow[]> {
    const cursor = after ? 'and (submitted_at, id) > (?::timestamptz, ?::uuid)' : '';
    const cursorArgs = after ? [after.at, after.id] : [];
    const rows = await em.getConnection().execute<{ id: string; kind: 'identity' | 'organization'; status: 'submitted' | 'in-review'; submitted_at: string | Date; assignee: string | null; claimed_at: string | Date | null }[]>(
      `select * from (
         select id, 'identity' as kind, status, submitted_at, assignee, claimed_at from verification_request
          where status in (select jsonb_array_elements_text(?::jsonb)) ${cursor}
         union all
         select id, 'organization' as kind, status, submitted_at, assignee, claimed_at from organization
          where status in (select jsonb_array_elements_text(?::jsonb)) ${cursor}
       ) q order by submitted_at, id limit ?`,
      [JSON.stringify(statuses), ...cursorArgs, JSON.stringify(statuses), ...cursorArgs, limit], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, submittedAt: new Date(r.submitted_at), assignee: r.assignee, claimedAt: r.claimed_at === null ? null : new Date(r.claimed_at) }));
  }

  logAccess(em: EntityManager, entry: VerificationAccess): void {
    em.persist(entry);
  }

  accessLog(em: EntityManager, requestId: string): Promise<VerificationAccess[]> {
    return em.find(VerificationAccess, { requestId }, { orderBy: { at: 'asc' } });
  }

  /** Open requests whose time has run out, locked (replicas skip each other's rows). */
  expired(em: EntityManager, now: Date): Promise<VerificationRequest[]> {
    return em.find(VerificationRequest, { status: { $in: OPEN_STATUSES }, expiresAt: { $lte: now } }, { limit: 100, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  }

  /** Files written before their request commits; a row left behind marks a file to purge. */
  async markPending(em: EntityManager, keys: string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await em.getConnection().execute(
      `insert into pending_upload (storage_key, created_at) select k, ? from jsonb_array_elements_text(?::jsonb) as k on conflict do nothing`,
      [at, JSON.stringify(keys)], 'run', em.getTransactionContext(),
    );
  }

  async clearPending(em: EntityManager, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await em.getConnection().execute(`delete from pending_upload where storage_key in (select jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(keys)], 'run', em.getTransactionContext());
  }

  async abandoned(em: EntityManager, before: Date): Promise<string[]> {
    const rows = await em.getConnection().execute<{ storage_key: string }[]>(
      'select storage_key from pending_upload where created_at <= ? order by created_at limit 200', [before], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => r.storage_key);
  }

  /** Everything of a deleted account: her requests and the log of views of their files. */
  async forget(em: EntityManager, accountId: string): Promise<string[]> {
    const requests = await em.find(VerificationRequest, { accountId });
    const keys = requests.flatMap((r) => (r.files ?? []).map((f) => f.key));
    await em.nativeDelete(VerificationAccess, { requestId: { $in: requests.map((r) => r.id) } });
    await em.nativeDelete(VerificationRequest, { accountId });
    return keys;
  }
}
