/**
 * Photo reuse (guideline `be-real`): a member whose new photo nearly matches another member's photo
 * is reported to moderators by the system, naming the other profile. Like content's detectors it
 * judges nothing and removes nothing; a person looks at both photos.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportSignal } from '@weop/contracts';
import { IdentityConfig } from '../identity.config';
import { ProfileReportsService } from '../reports/profile-reports.service';
import { hammingDistance } from './photo-hash';
import { PhotoHashesRepository } from './photo-hashes.repository';

/** A photo that many profiles share (a stock picture) names the closest few, not every one of them. */
export const MAX_MATCHES_PER_UPLOAD = 5;

export const photoReuseSignal = (matchedId: string, distance: number): ReportSignal => ({
  detector: 'photo-reuse',
  code: 'near-duplicate-photo',
  detail: `The profile photo matches the photo of profile ${matchedId} (distance ${distance} of 64 bits).`,
});

@Injectable()
export class PhotoReuseService {
  constructor(
    private readonly hashes: PhotoHashesRepository,
    private readonly reports: ProfileReportsService,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /**
   * Her new photo, inside the upload's transaction (her profile row locked and its new photo flushed):
   * keeps its hash in place of the last one and reports her for each other member whose photo it
   * nearly matches. `hash` is null for a photo too plain to hash: nothing is kept or compared.
   */
  async photoUploaded(em: EntityManager, accountId: string, hash: bigint | null, now: Date): Promise<void> {
    if (hash === null) {
      await this.hashes.forget(em, accountId);
      return;
    }
    const maxDistance = this.config.PHOTO_REUSE_MAX_DISTANCE;
    await this.hashes.takeComparisonTurn(em);
    const previous = await this.hashes.of(em, accountId);
    // The same photo again (or a near copy of her own) keeps its date: reports are once per photo, not per upload.
    const since = previous && hammingDistance(previous.hash, hash) <= maxDistance ? previous.since : now;
    await this.hashes.save(em, accountId, { hash, since });
    for (const match of await this.hashes.nearest(em, accountId, hash, maxDistance, MAX_MATCHES_PER_UPLOAD)) {
      if (await this.hashes.alreadyNamed(em, accountId, since, match.accountId)) continue;
      // The other profile was reported for reusing her photo: she is the one copied, not a copier.
      if (await this.hashes.everNamed(em, match.accountId, accountId)) continue;
      const reportId = await this.reports.fileSystem(em, accountId, 'be-real', [photoReuseSignal(match.accountId, match.distance)]);
      if (reportId) await this.hashes.recordNamed(em, { subjectId: accountId, subjectSince: since, matchedId: match.accountId, reportId, filedAt: now });
    }
  }

  /** She removed her photo: its hash goes with it. */
  async photoRemoved(em: EntityManager, accountId: string): Promise<void> {
    await this.hashes.forget(em, accountId);
  }
}
