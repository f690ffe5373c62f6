/**
 * Appeals (DESIGN.md "The core flow", step 5): the sanctioned member appeals once per sanction within
 * the window; a senior moderator who did not decide the sanction upholds or overturns it with a
 * statement. Overturning undoes every effect through the same events that made them: the sanction
 * lifted (identity restores the account, content thaws her posts) and removed content made visible.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { AppealDecidedV1, DomainError, SanctionLiftedV1, decodeCursor, forbidden, notFound, pageOf } from '@weop/contracts';
import type { AppealDecisionPayload, AppealListPayload, AppealPage, AppealPayload, Principal } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { CasesRepository } from '../cases/cases.repository';
import { SubjectVisibilityService } from '../cases/subject-visibility';
import { SanctionsRepository } from '../sanctions/sanctions.repository';
import { sanctionRecord } from '../sanctions/sanctions.service';
import { Appeal } from './appeal.entity';

const requireSenior = (caller: Principal): void => {
  if (!caller.roles.some((r) => r === 'senior-moderator' || r === 'admin')) throw forbidden('Only senior moderators judge appeals.');
};

@Injectable()
export class AppealsService {
  constructor(
    private readonly em: EntityManager,
    private readonly sanctions: SanctionsRepository,
    private readonly cases: CasesRepository,
    private readonly visibility: SubjectVisibilityService,
    private readonly outbox: Outbox,
  ) {}

  async file(caller: Principal, input: AppealPayload): Promise<{ id: string }> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const sanction = await this.sanctions.sanction(em, input.sanctionId, true);
        // Another member's sanction does not exist, as far as she can tell.
        if (!sanction || sanction.accountId !== caller.accountId) throw notFound('The sanction');
        if (await this.sanctions.appealOf(em, sanction.id)) throw new DomainError('ALREADY_APPEALED', 'You have already appealed this sanction; each sanction can be appealed once.');
        const now = new Date();
        if (sanction.appealableUntil <= now) {
          throw new DomainError('APPEAL_WINDOW_CLOSED', `The time to appeal this sanction ended at ${sanction.appealableUntil.toISOString()}.`);
        }
        const appeal = em.create(Appeal, { id: randomUUID(), sanctionId: sanction.id, accountId: sanction.accountId, caseId: sanction.caseId, text: input.text.trim(), filedAt: now });
        em.persist(appeal);
        this.cases.log(em, sanction.caseId, 'appealed', caller.accountId, { appealId: appeal.id, sanctionId: sanction.id }, now);
        await em.flush();
        return { id: appeal.id };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError('ALREADY_APPEALED', 'You have already appealed this sanction; each sanction can be appealed once.');
      throw error;
    }
  }

  /** The senior moderators' queue: oldest first; never her own appeals (the case about her is not hers to see). */
  async list(caller: Principal, query: AppealListPayload): Promise<AppealPage> {
    requireSenior(caller);
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.sanctions.appeals(this.em.fork(), query.status ?? 'open', limit + 1, caller.accountId, key ? { filedAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.appeal.filedAt.toISOString(), r.appeal.id]);
    return {
      items: page.items.map(({ appeal, sanction }) => ({
        id: appeal.id,
        status: appeal.status,
        text: appeal.text,
        filedAt: appeal.filedAt.toISOString(),
        caseId: appeal.caseId,
        accountId: appeal.accountId,
        sanction: sanctionRecord(sanction, null),
        sanctionDecidedBy: sanction.decidedBy,
        decidedBy: appeal.decidedBy,
        decidedAt: appeal.decidedAt?.toISOString() ?? null,
        statement: appeal.statement,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async decide(caller: Principal, input: AppealDecisionPayload): Promise<{ id: string; outcome: 'upheld' | 'overturned' }> {
    requireSenior(caller);
    return this.em.fork().transactional(async (em) => {
      const appeal = await this.sanctions.appeal(em, input.appealId, true);
      if (!appeal) throw notFound('The appeal');
      const sanction = await this.sanctions.sanction(em, appeal.sanctionId, true);
      if (!sanction) throw notFound('The sanction');
      if (sanction.decidedBy === caller.accountId) throw forbidden('The moderator who decided a sanction does not judge its appeal.');
      if (appeal.accountId === caller.accountId) throw forbidden('Nobody judges her own appeal.');
      if (appeal.status !== 'open') throw new DomainError('APPEAL_DECIDED', `This appeal was already ${appeal.status}.`);
      const now = new Date();
      Object.assign(appeal, { status: input.outcome, decidedBy: caller.accountId, decidedAt: now, statement: input.statement.trim() });
      this.cases.log(em, appeal.caseId, 'appeal-decided', caller.accountId, { appealId: appeal.id, sanctionId: sanction.id, outcome: input.outcome }, now);
      // She is told either way (community's inbox); an upheld appeal has no other event to say so.
      await this.outbox.add(em, AppealDecidedV1.subject, { appealId: appeal.id, sanctionId: sanction.id, accountId: appeal.accountId, outcome: input.outcome, decidedAt: now.toISOString() });
      if (input.outcome === 'overturned') {
        // The record says it was overturned even when a suspension had already run out.
        sanction.liftedAt ??= now;
        sanction.liftReason = 'overturned';
        await this.outbox.add(em, SanctionLiftedV1.subject, { sanctionId: sanction.id, accountId: sanction.accountId, reason: 'overturned', liftedAt: now.toISOString() });
        const decision = await this.sanctions.decision(em, sanction.decisionId);
        const found = await this.cases.caseById(em, sanction.caseId, true);
        if (decision?.removeContent && found) {
          await this.visibility.change(em, found, 'visible', undefined, now);
          this.cases.log(em, found.id, 'restored', caller.accountId, { reason: 'appeal overturned' }, now);
        }
      }
      await em.flush();
      return { id: appeal.id, outcome: input.outcome };
    });
  }
}
