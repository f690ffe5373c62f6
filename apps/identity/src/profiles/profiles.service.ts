/** Her own view of her account and profile, her edits, and what other members may see of her. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ProfileChangedV1, VerificationRevokedV1, notFound } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import type { Badge, MeResponse, ProfileResponse, PublicProfileResponse, UpdateProfileRequest } from '@weop/contracts';
import type { Account } from '../accounts/account.entity';
import DataLoader from 'dataloader';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { ProfileView, PublicProfileRow } from '../accounts/accounts.repository';
import type { Profile } from './profile.entity';
import { VerificationRepository } from '../verification/verification.repository';
import { sameName, verificationState } from '../verification/verification-state';

export const photoPath = (accountId: string): string => `/api/v1/profiles/${accountId}/photo`;

@Injectable()
export class ProfilesService {
  /**
   * Public profile views that arrive together (in one event-loop turn: a NATS read often holds several)
   * are read with one statement on one pooled connection, not one each: a round trip, a system call on
   * each side and a statement's fixed cost shared by the batch (docs/performance.md, eighth session).
   * Nothing is cached: every view reads what is in the database when it arrives.
   */
  private readonly views = new DataLoader<ProfileView, PublicProfileRow | undefined, ProfileView>((views) => this.accounts.publicProfileRows(views), {
    cache: false,
    maxBatchSize: 100,
  });

  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly outbox: Outbox,
    private readonly verification: VerificationRepository,
  ) {}

  private async load(accountId: string, em: EntityManager, lock = false): Promise<{ account: Account; profile: Profile }> {
    const account = await this.accounts.byId(accountId, em);
    const profile = account && (await this.accounts.profile(accountId, em, lock));
    if (!account || !profile) throw notFound('The account');
    return { account, profile };
  }

  async me(accountId: string): Promise<MeResponse> {
    const { account, profile } = await this.load(accountId, this.em.fork());
    return {
      id: account.id,
      email: account.email,
      fullName: profile.fullName,
      displayName: profile.displayName,
      country: profile.country,
      roles: account.roles,
      status: account.status,
      restriction:
        account.status === 'active'
          ? null
          : {
              kind: account.status === 'suspended' ? 'suspension' : 'expulsion',
              ...(account.statusUntil ? { until: account.statusUntil.toISOString() } : {}),
              ...(account.statusReason ?? {}),
            },
      verification: { identity: verificationState(account, await this.verification.requestsOf(this.em.fork(), accountId)) },
      privacy: { showLegalName: profile.showLegalName, listedInDirectory: profile.listedInDirectory, showCity: profile.showCity, showEmail: profile.showEmail },
    };
  }

  async update(accountId: string, changes: UpdateProfileRequest): Promise<ProfileResponse> {
    return this.em.fork().transactional(async (em) => {
      // Locked: two renames at once announce their names in the order they commit.
      const { account, profile } = await this.load(accountId, em, true);
      const { fullName, displayName, bio, organization, languages, expertise, city, showLegalName, listedInDirectory, showCity, showEmail } = changes;
      const renamed = displayName !== undefined && displayName.trim() !== profile.displayName;
      if (displayName !== undefined) profile.displayName = displayName.trim();
      if (fullName !== undefined && !sameName(fullName, profile.fullName)) {
        profile.fullName = fullName.trim();
        // The verification proved the old name: it lapses until she is verified under the new one.
        if (account.identityVerifiedAt) {
          account.identityVerifiedAt = null;
          await this.outbox.add(em, VerificationRevokedV1.subject, { accountId, kind: 'identity', reason: 'legal-name-changed', revokedAt: new Date().toISOString() });
        }
      } else if (fullName !== undefined) {
        profile.fullName = fullName.trim();
      }
      if (bio !== undefined) profile.bio = bio;
      if (organization !== undefined) profile.organization = organization.trim() || null;
      if (languages !== undefined) profile.languages = [...new Set(languages)];
      if (expertise !== undefined) profile.expertise = [...new Set(expertise.map((e) => e.trim()).filter(Boolean))];
      if (city !== undefined) profile.city = city.trim() || null;
      if (showLegalName !== undefined) profile.showLegalName = showLegalName;
      if (listedInDirectory !== undefined) profile.listedInDirectory = listedInDirectory;
      if (showCity !== undefined) profile.showCity = showCity;
      if (showEmail !== undefined) profile.showEmail = showEmail;
      profile.updatedAt = new Date();
      if (renamed) {
        await this.outbox.add(em, ProfileChangedV1.subject, { accountId, displayName: profile.displayName, country: profile.country, changedAt: profile.updatedAt.toISOString() });
      }
      return this.ownView(profile);
    });
  }

  async own(accountId: string): Promise<ProfileResponse> {
    return this.ownView((await this.load(accountId, this.em.fork())).profile);
  }

  /**
   * Never the email; the legal name and the city only when she chose to show them. Expelled members
   * are not shown. Between two members of whom one blocked the other, neither sees the other's
   * profile: the answer is the same 404 as for a profile that does not exist, so a blocked member
   * cannot tell that she was blocked.
   */
  async publicProfile(viewerId: string, accountId: string): Promise<PublicProfileResponse> {
    const row = await this.views.load({ accountId, viewerId });
    if (!row || row.status === 'expelled' || row.blocked) throw notFound('The profile');
    const badges: Badge[] = [
      ...(row.identity_verified_at ? (['identity-verified'] as const) : []),
      ...(row.organization_verified ? (['organization-verified'] as const) : []),
      ...(row.roles.includes('mentor') ? (['mentor'] as const) : []),
      ...(row.champion ? (['gender-champion'] as const) : []),
    ];
    return {
      id: row.id,
      displayName: row.display_name,
      ...(row.show_legal_name ? { fullName: row.full_name } : {}),
      country: row.country,
      city: row.show_city ? row.city : null,
      bio: row.bio,
      organization: row.organization,
      languages: row.languages,
      expertise: row.expertise,
      badges,
      photoUrl: row.photo_key ? photoPath(row.id) : null,
    };
  }

  private ownView(profile: Profile): ProfileResponse {
    return {
      id: profile.accountId,
      fullName: profile.fullName,
      displayName: profile.displayName,
      country: profile.country,
      city: profile.city,
      organization: profile.organization,
      bio: profile.bio,
      languages: profile.languages,
      expertise: profile.expertise,
      showLegalName: profile.showLegalName,
      listedInDirectory: profile.listedInDirectory,
      showCity: profile.showCity,
      showEmail: profile.showEmail,
      photoUrl: profile.photoKey ? photoPath(profile.accountId) : null,
      updatedAt: profile.updatedAt.toISOString(),
    };
  }
}
