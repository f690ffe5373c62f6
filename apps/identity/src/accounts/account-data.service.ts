/**
 * Her own data: an export of everything identity holds about her, and deleting her account.
 * Deletion erases her profile, photo, sessions, email and password at once. Kept, without any way
 * to reach her: the account id and its status history (the safety record, so a sanction and its
 * appeal stay accountable and an expelled person's record is not wiped by deleting the account).
 */
import { Inject, Injectable } from '@nestjs/common';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { AccountDeletedV1, VerificationRevokedV1, notFound } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { ProfileReport } from '../reports/profile-report.entity';
import { Profile } from '../profiles/profile.entity';
import { SessionsRepository } from '../sessions/sessions.repository';
import { Account } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { LoginThrottleService } from './login-throttle.service';
import { VerificationRepository } from '../verification/verification.repository';
import { OrganizationsService } from '../organizations/organizations.service';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { PhotoHashesRepository } from '../profiles/photo-hashes.repository';
import { BlocksRepository } from '../blocks/blocks.repository';

@Injectable()
export class AccountDataService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly outbox: Outbox,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    private readonly throttle: LoginThrottleService,
    private readonly verification: VerificationRepository,
    private readonly organizations: OrganizationsService,
    private readonly photoHashes: PhotoHashesRepository,
    private readonly blocks: BlocksRepository,
    private readonly organizationRecords: OrganizationsRepository,
  ) {}

  async export(accountId: string): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const account = await this.accounts.byId(accountId, em);
    const profile = await this.accounts.profile(accountId, em);
    if (!account || !profile) throw notFound('The account');
    const sessions = await this.sessions.allFor(accountId, em);
    const history = await this.accounts.statusHistory(accountId, em);
    const photo = profile.photoKey ? await this.storage.get(profile.photoKey) : null;
    const verification = await this.verification.requestsOf(em, accountId);
    const photoHash = await this.photoHashes.of(em, accountId);
    const blocks = await this.blocks.madeBy(em, accountId);
    const organizations = await this.organizationRecords.ofMember(em, accountId);
    const reportsFiled = await em.find(ProfileReport, { reporterId: accountId }, { orderBy: { createdAt: 'asc' } });
    return {
      exportedAt: new Date().toISOString(),
      service: 'identity',
      account: {
        id: account.id,
        email: account.email,
        roles: account.roles,
        status: account.status,
        statusUntil: account.statusUntil,
        statusReason: account.statusReason,
        createdAt: account.createdAt,
        identityVerifiedAt: account.identityVerifiedAt,
      },
      // Her requests as kept: never the document images (deleted at the decision).
      verificationRequests: verification.map((r) => ({
        id: r.id,
        status: r.status,
        documentType: r.documentType,
        documentNumberLast4: r.documentNumberLast4,
        legalName: r.legalName,
        reason: r.reason,
        submittedAt: r.submittedAt,
        decidedAt: r.decidedAt,
      })),
      profile: {
        ...profile,
        photoKey: undefined,
        photoContentType: undefined,
        photo: photo ? { contentType: photo.contentType, contentBase64: photo.bytes.toString('base64') } : null,
        // The fingerprint compared with other members' photos to find reuse (docs/privacy.md).
        photoFingerprint: photoHash ? { hash: BigInt.asUintN(64, photoHash.hash).toString(16).padStart(16, '0'), since: photoHash.since } : null,
      },
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastUsedAt: s.lastUsedAt,
        expiresAt: s.expiresAt,
        revokedAt: s.revokedAt,
        userAgent: s.userAgent,
        address: s.address,
      })),
      statusHistory: history.map((h) => ({ status: h.status, until: h.until, reason: h.reason, changedAt: h.changedAt })),
      // Organisations she asked to have verified, as submitted and decided; never the code's hash or where the documents are kept.
      organizationsRequested: organizations.requested.map((o) => ({
        id: o.id, name: o.name, country: o.country, registrationNumber: o.registrationNumber, website: o.website, emailDomain: o.emailDomain,
        contactEmail: o.contactEmail, status: o.status, reason: o.reason, documents: (o.files ?? []).map((f) => ({ slot: f.slot, contentType: f.contentType, size: f.size })),
        emailConfirmedAt: o.emailConfirmedAt, submittedAt: o.submittedAt, decidedAt: o.decidedAt,
      })),
      organizationMemberships: organizations.memberships.map((m) => ({ organizationId: m.organization?.id ?? null, name: m.organization?.name ?? null, addedAt: m.addedAt })),
      // The profile reports she filed, without the snapshot: that is the other member's profile, not her data.
      reportsFiled: reportsFiled.map((r) => ({
        id: r.id, subject: { type: 'profile', id: r.subjectId }, guideline: r.guideline, details: r.details, status: r.status, filedAt: r.createdAt, updatedAt: r.updatedAt,
      })),
      // The blocks she made, standing and lifted (a lifted one is kept only as the pair's change counter).
      // Never who blocked her: that would tell her what the block exists to hide (docs/privacy.md).
      blocks: blocks.map((b) => ({
        memberId: b.blocked_id,
        standing: b.active,
        blockedAt: b.blocked_at === null ? null : new Date(b.blocked_at).toISOString(),
        changedAt: new Date(b.changed_at).toISOString(),
      })),
    };
  }

  async delete(accountId: string): Promise<void> {
    let emailBefore = '';
    const photoKey = await this.em.fork().transactional(async (em) => {
      const account = await em.findOne(Account, { id: accountId, deletedAt: null });
      if (!account) throw notFound('The account');
      const now = new Date();
      emailBefore = account.emailNormalized;
      account.email = `deleted-${account.id}@invalid`;
      account.emailNormalized = account.email;
      account.passwordHash = '';
      account.deletedAt = now;
      account.updatedAt = now;
      const profile = await em.findOne(Profile, { accountId });
      await em.nativeDelete(Profile, { accountId });
      await this.sessions.deleteAll(accountId, em);
      // Reports she filed stay as evidence, no longer naming her.
      await em.nativeUpdate(ProfileReport, { reporterId: accountId }, { reporterId: null });
      // Her verification requests go entirely: the legal name, the outcome and the log of views of her documents.
      await this.verification.forget(em, accountId);
      await this.organizations.forgetMember(em, accountId);
      // Her blocks go both ways; other services drop theirs on identity.account.deleted.v1 (BlocksProjection.forgetMember).
      await this.blocks.forget(em, accountId);
      if (account.identityVerifiedAt) {
        account.identityVerifiedAt = null;
        await this.outbox.add(em, VerificationRevokedV1.subject, { accountId, kind: 'identity', reason: 'account-deleted', revokedAt: now.toISOString() });
      }
      await this.outbox.add(em, AccountDeletedV1.subject, { accountId, deletedAt: now.toISOString() });
      return profile?.photoKey ?? null;
    });
    await this.storage.deletePrefix(`verification/${accountId}/`);
    // After the commit: every photo file of hers (also any left by an interrupted upload) and her sign-in counts.
    await this.storage.deletePrefix(`photos/${accountId}/`);
    if (photoKey && !photoKey.startsWith(`photos/${accountId}/`)) await this.storage.delete(photoKey);
    await this.throttle.forget(emailBefore);
  }
}
