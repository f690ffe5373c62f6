/**
 * What mentorship applies from other services' events, each once, in its inbox transaction:
 * identity's (her country, her verified badge, her account deleted) and trust-safety's sanctions.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AccountDeletedV1, AccountRegisteredV1, AccountRolesChangedV1, ProfileChangedV1, SanctionImposedV1, SanctionLiftedV1, VerificationApprovedV1, VerificationRevokedV1,
} from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { MentorshipBlocks } from '../blocks/mentorship-blocks';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import { otherSide } from '../mentorships/mentorships.service';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { declineForUnavailableMentor, ProfilesService } from '../profiles/profiles.service';
import { RequestsRepository } from '../requests/requests.repository';
import { MembersRepository } from './members.repository';
import { CohortSessionsRepository } from '../programmes/cohort-sessions.repository';
import { PausingService } from './pausing.service';

@Injectable()
export class MembersConsumer {
  constructor(
    private readonly members: MembersRepository,
    private readonly pausing: PausingService,
    private readonly profiles: ProfilesRepository,
    private readonly mentorships: MentorshipsRepository,
    private readonly requests: RequestsRepository,
    private readonly notifications: NotificationsService,
    private readonly notificationRows: NotificationsRepository,
    private readonly profileRules: ProfilesService,
    private readonly cohort: CohortSessionsRepository,
    private readonly blocks: MentorshipBlocks,
  ) {}

  @OnEvent(AccountRegisteredV1.subject)
  async registered(event: AccountRegisteredV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.saveCountry(em, event.accountId, event.country, new Date(event.registeredAt));
  }

  @OnEvent(ProfileChangedV1.subject)
  async profileChanged(event: ProfileChangedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.saveCountry(em, event.accountId, event.country, new Date(event.changedAt), event.displayName);
  }

  /** Without the mentor role she takes no new mentees; a late, older event changes nothing. */
  @OnEvent(AccountRolesChangedV1.subject)
  async rolesChanged(event: AccountRolesChangedV1, { em }: { em: EntityManager }): Promise<void> {
    if (!(await this.members.newerRoles(em, event.accountId, event.version))) return;
    if (!event.roles.includes('mentor')) await this.profileRules.mentorRoleRemoved(em, event.accountId, new Date(event.changedAt));
  }

  @OnEvent(VerificationApprovedV1.subject)
  async verified(event: VerificationApprovedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.setVerified(em, event.accountId, true);
  }

  @OnEvent(VerificationRevokedV1.subject)
  async verificationRevoked(event: VerificationRevokedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.setVerified(em, event.accountId, false);
  }

  /**
   * A suspension or expulsion pauses her mentoring; a warning restricts nothing. Imposed and lifted
   * come on different consumers, so an "imposed" may arrive after its "lifted" (or be redelivered
   * after it): one already lifted, or a suspension whose end has passed, pauses nothing.
   */
  @OnEvent(SanctionImposedV1.subject)
  async sanctionImposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.kind === 'warning') return;
    const endsAt = event.endsAt ? new Date(event.endsAt) : null;
    const { liftedAlready } = await this.members.recordImposed(em, event.sanctionId, event.accountId, event.kind, endsAt);
    if (liftedAlready || (endsAt !== null && endsAt <= new Date())) return;
    const inForce = await this.members.addSanction(em, event.accountId, event.sanctionId);
    if (inForce.length === 1) await this.pausing.pauseFor(em, event.accountId);
  }

  /** Recorded even for a sanction not seen yet, so that its late "imposed" finds it lifted. */
  @OnEvent(SanctionLiftedV1.subject)
  async sanctionLifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.recordLifted(em, event.sanctionId, event.accountId, new Date(event.liftedAt));
    const before = await this.members.find(em, event.accountId);
    if (!before?.sanctions.includes(event.sanctionId)) return;
    const inForce = await this.members.removeSanction(em, event.accountId, event.sanctionId);
    if (inForce.length === 0) await this.pausing.resumeFor(em, event.accountId);
  }

  /**
   * Her profiles, notifications and blocks go; her live mentorships end and her open requests close, the
   * other side told. Mentorships keep the two ids as the programme's record, without her notes.
   */
  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: { em: EntityManager }): Promise<void> {
    const now = new Date(event.deletedAt);
    for (const m of await this.mentorships.involving(em, event.accountId, ['active', 'paused'], true)) {
      m.status = 'ended';
      m.endedAt = now;
      m.endReason = 'other';
      m.endNote = 'The account was closed.';
      await this.notifications.tell(em, otherSide(m, event.accountId), 'mentorship.ended', 'Your mentorship has ended: your partner closed her account.', `/mentorship/mentorships/${m.id}`, now);
    }
    for (const r of await this.requests.openInvolving(em, event.accountId, ['pending', 'paused'])) {
      r.answeredAt = now;
      if (r.menteeId === event.accountId) r.status = 'withdrawn';
      else await declineForUnavailableMentor(em, this.notifications, r, now);
    }
    await em.flush();
    await this.mentorships.eraseNotes(em, event.accountId);
    await this.profiles.forget(em, event.accountId);
    await this.notificationRows.forget(em, event.accountId);
    await this.cohort.forget(em, event.accountId);
    await this.blocks.forgetMember(em, event.accountId);
    await this.members.forget(em, event.accountId);
  }
}
