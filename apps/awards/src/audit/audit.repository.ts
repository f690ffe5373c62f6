/** The awards audit trail: every score, declaration and decision, append-only. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit-entry.entity';

export interface AuditLine {
  cycleId: string;
  nominationId?: string | null;
  actor: string | null;
  action: string;
  data?: Record<string, unknown>;
  at: Date;
}

@Injectable()
export class AuditRepository {
  /** Adds the line to the unit of work of `em` (written with the change it records). */
  log(em: EntityManager, line: AuditLine): void {
    em.persist(em.create(AuditEntry, { id: randomUUID(), cycleId: line.cycleId, nominationId: line.nominationId ?? null, actor: line.actor, action: line.action, data: line.data ?? {}, at: line.at }));
  }

  /** A cycle's trail, newest first, after a `seq` cursor. */
  async page(em: EntityManager, cycleId: string, limit: number, filter: { nominationId?: string; beforeSeq?: string }): Promise<(AuditEntry & { seq: string })[]> {
    const rows = await em.getConnection().execute<{ id: string; cycle_id: string; nomination_id: string | null; actor: string | null; action: string; data: Record<string, unknown>; at: Date; seq: string }[]>(
      `select id, cycle_id, nomination_id, actor, action, data, at, seq::text as seq from audit_entry
        where cycle_id = ? ${filter.nominationId ? 'and nomination_id = ?' : ''} ${filter.beforeSeq ? 'and seq < ?::bigint' : ''}
        order by audit_entry.seq desc limit ?`,
      [cycleId, ...(filter.nominationId ? [filter.nominationId] : []), ...(filter.beforeSeq ? [filter.beforeSeq] : []), limit],
    );
    return rows.map((r) => Object.assign(new AuditEntry(), { id: r.id, cycleId: r.cycle_id, nominationId: r.nomination_id, actor: r.actor, action: r.action, data: r.data, at: new Date(r.at), seq: r.seq }));
  }

  /** The lines naming her as actor, oldest first. */
  byActor(em: EntityManager, accountId: string): Promise<AuditEntry[]> {
    return em.find(AuditEntry, { actor: accountId }, { orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  }

  /** Her id leaves the trail once she deleted her account (the only change the trail allows). */
  async eraseActor(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('update audit_entry set actor = null where actor = ?', [accountId], 'run', em.getTransactionContext());
  }
}
