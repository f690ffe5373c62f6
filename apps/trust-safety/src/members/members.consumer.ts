/**
 * What trust-safety keeps from identity's events about members: an author's country (for queues and
 * statistics by country), and, when a member deletes her account, her id erased from the reports she
 * filed while the cases about what she wrote stay (docs/privacy.md, "Trust and safety"). Each event is
 * applied once, in its inbox transaction.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountDeletedV1, ProfileChangedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { PseudonymService } from '../cases/pseudonym.service';
import { MembersRepository } from './members.repository';

@Injectable()
export class MembersConsumer {
  constructor(
    private readonly members: MembersRepository,
    private readonly pseudonyms: PseudonymService,
  ) {}

  /** Her country, newest announcement first; an older event arriving late changes nothing. */
  @OnEvent(ProfileChangedV1.subject)
  async profileChanged(event: ProfileChangedV1, { em }: { em: EntityManager }): Promise<void> {
    const kept = await this.members.saveNewest(em, event.accountId, event.country, new Date(event.changedAt));
    if (kept) await this.members.setAuthorCountry(em, event.accountId, event.country);
  }

  /**
   * As a reporter she leaves no id behind, but her reports keep the pseudonym moderators knew her by in
   * each case, so a case reads the same after her deletion. As an author, her cases and sanctions stay:
   * they are the platform's safety record, and a deleted account must not wipe out a sanction.
   */
  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: { em: EntityManager }): Promise<void> {
    // Events can arrive before start-up has read the pseudonym key.
    await this.pseudonyms.init();
    const filed = await this.members.reportsFiledBy(em, event.accountId);
    // The same pseudonym the case has shown all along (a stored one is kept as it is).
    const reports = filed.map((r) => ({ id: r.id, pseudonym: r.reporterPseudonym ?? this.pseudonyms.of(r.caseId, event.accountId) }));
    await this.members.anonymiseReports(em, event.accountId, reports);
    await this.members.keepAuthorCountry(em, event.accountId);
    await this.members.forget(em, event.accountId);
  }
}
