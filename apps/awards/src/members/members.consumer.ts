/**
 * What awards applies from other services' events, each once, in its inbox transaction: who is verified
 * (identity's verification events: only verified members nominate), members' names and countries (a
 * nominee who is a member must exist), suspensions and expulsions (trust-safety: her nominations and
 * jury seats pause while one is in force; a warning restricts nothing; an overturn or expiry un-pauses),
 * and a deleted account (her id leaves the awards and her reports on nominations; nominations about her that are not yet published are
 * withdrawn; her jury seats end, their sheets stay on the judging record).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountDeletedV1, ProfileChangedV1, SanctionImposedV1, SanctionLiftedV1, VerificationApprovedV1, VerificationRevokedV1 } from '@weop/contracts';
import { BlocksProjection, OnEvent } from '@weop/messaging';
import { AuditRepository } from '../audit/audit.repository';
import { JudgingRepository } from '../judging/judging.repository';
import { NominationsRepository } from '../nominations/nominations.repository';
import { ReportsService } from '../reports/reports.service';
import { MembersRepository } from './members.repository';

type Ctx = { em: EntityManager };

@Injectable()
export class MembersConsumer {
  constructor(
    private readonly members: MembersRepository,
    private readonly nominations: NominationsRepository,
    private readonly judging: JudgingRepository,
    private readonly audit: AuditRepository,
    private readonly blocks: BlocksProjection,
    private readonly reports: ReportsService,
  ) {}

  @OnEvent(VerificationApprovedV1.subject)
  async verificationApproved(event: VerificationApprovedV1, { em }: Ctx): Promise<void> {
    await this.members.saveVerification(em, event.accountId, true, new Date(event.approvedAt));
  }

  @OnEvent(VerificationRevokedV1.subject)
  async verificationRevoked(event: VerificationRevokedV1, { em }: Ctx): Promise<void> {
    await this.members.saveVerification(em, event.accountId, false, new Date(event.revokedAt));
  }

  @OnEvent(ProfileChangedV1.subject)
  async profileChanged(event: ProfileChangedV1, { em }: Ctx): Promise<void> {
    await this.members.saveProfile(em, event.accountId, event.displayName, event.country, new Date(event.changedAt));
  }

  /** A warning restricts nothing; a suspension or expulsion pauses her nominations and seats while it is in force. */
  @OnEvent(SanctionImposedV1.subject)
  async sanctionImposed(event: SanctionImposedV1, { em }: Ctx): Promise<void> {
    if (event.kind === 'warning') return;
    await this.members.imposeSanction(em, event.sanctionId, event.accountId, event.kind, event.endsAt ? new Date(event.endsAt) : null);
  }

  @OnEvent(SanctionLiftedV1.subject)
  async sanctionLifted(event: SanctionLiftedV1, { em }: Ctx): Promise<void> {
    await this.members.liftSanction(em, event.sanctionId, event.accountId, new Date(event.liftedAt));
  }

  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: Ctx): Promise<void> {
    const now = new Date(event.deletedAt);
    await this.nominations.releaseNominator(em, event.accountId);
    const withdrawn = await this.nominations.releaseNominee(em, event.accountId, now);
    const seats = await this.judging.releaseSeats(em, event.accountId, now);
    await this.audit.eraseActor(em, event.accountId);
    for (const n of withdrawn) this.audit.log(em, { cycleId: n.cycle_id, nominationId: n.id, actor: 'system', action: 'withdrawn', data: { reason: 'the nominee deleted her account' }, at: now });
    for (const s of seats) this.audit.log(em, { cycleId: s.cycle_id, actor: 'system', action: 'judge-unseated', data: { seatId: s.id, reason: 'the judge deleted her account' }, at: now });
    await this.blocks.forgetMember(em, event.accountId);
    await this.reports.forgetReporter(em, event.accountId);
    await this.members.forget(em, event.accountId);
    await em.flush();
  }
}
