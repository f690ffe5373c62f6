/** A cycle's audit trail for awards-admins, newest first. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, notFound, pageOf, validationFailed } from '@weop/contracts';
import type { AuditPage, AuditQuery, Principal } from '@weop/contracts';
import { requireAwardsAdmin } from '../awards-access';
import { CyclesRepository } from '../cycles/cycles.repository';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly audit: AuditRepository,
  ) {}

  async page(caller: Principal, cycleId: string, query: AuditQuery): Promise<AuditPage> {
    requireAwardsAdmin(caller);
    const em = this.em.fork();
    if (!(await this.cycles.byId(em, cycleId))) throw notFound('The award cycle');
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['string']);
    const seq = key ? String(key[0]) : undefined;
    if (seq !== undefined && !/^\d{1,18}$/.test(seq)) throw validationFailed('cursor', 'is not a cursor this list gave out');
    const rows = await this.audit.page(em, cycleId, limit + 1, { nominationId: query.nominationId, beforeSeq: seq });
    const page = pageOf(rows, limit, (r) => [r.seq]);
    return {
      items: page.items.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, nominationId: r.nominationId, data: r.data })),
      nextCursor: page.nextCursor,
    };
  }
}
