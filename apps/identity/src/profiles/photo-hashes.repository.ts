/** The perceptual hashes of members' current photos, and the pairs of profiles a photo-reuse report has named. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lockUntilCommit } from '@weop/persistence';
import { fromStoredHash, toStoredHash } from './photo-hash';

export interface StoredPhotoHash {
  hash: bigint;
  /** When she first showed this photo (or a near-identical one). */
  since: Date;
}

export interface PhotoHashMatch {
  accountId: string;
  distance: number;
}

/**
 * The other members whose photo lies within `?` bits of a hash, nearest first. The hashes are read
 * as signed bigints; `#` is XOR and bit_count counts the ones of the 64-bit string. Exported so that
 * bench/photo-reuse.js times exactly this statement.
 */
export const NEAREST_PHOTOS_SQL = `select account_id, bit_count((hash # ?::bigint)::bit(64))::int as distance
   from profile_photo_hash
  where account_id <> ? and bit_count((hash # ?::bigint)::bit(64)) <= ?
  order by distance, since, account_id
  limit ?`;

@Injectable()
export class PhotoHashesRepository {
  /**
   * Uploads compare one at a time (a transaction-scoped lock, released at commit): two members
   * uploading the same photo at the same moment would otherwise each miss the other's uncommitted hash.
   */
  async takeComparisonTurn(em: EntityManager): Promise<void> {
    await lockUntilCommit(em, 'identity.photo-reuse');
  }

  async of(em: EntityManager, accountId: string): Promise<StoredPhotoHash | null> {
    const [row] = await em.getConnection().execute<{ hash: string; since: Date | string }[]>(
      'select hash::text as hash, since from profile_photo_hash where account_id = ?', [accountId], 'all', em.getTransactionContext(),
    );
    return row ? { hash: fromStoredHash(row.hash), since: new Date(row.since) } : null;
  }

  async save(em: EntityManager, accountId: string, photo: StoredPhotoHash): Promise<void> {
    await em.getConnection().execute(
      `insert into profile_photo_hash (account_id, hash, since) values (?, ?::bigint, ?)
       on conflict (account_id) do update set hash = excluded.hash, since = excluded.since`,
      [accountId, toStoredHash(photo.hash), photo.since], 'run', em.getTransactionContext(),
    );
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from profile_photo_hash where account_id = ?', [accountId], 'run', em.getTransactionContext());
  }

  async nearest(em: EntityManager, accountId: string, hash: bigint, maxDistance: number, limit: number): Promise<PhotoHashMatch[]> {
    const stored = toStoredHash(hash);
    const rows = await em.getConnection().execute<{ account_id: string; distance: number }[]>(
      NEAREST_PHOTOS_SQL, [stored, accountId, stored, maxDistance, limit], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ accountId: r.account_id, distance: Number(r.distance) }));
  }

  /** Whether a report already named `matchedId` for this photo of the subject's. */
  async alreadyNamed(em: EntityManager, subjectId: string, subjectSince: Date, matchedId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ n: number }[]>(
      'select 1 as n from photo_reuse_match where subject_id = ? and subject_since = ? and matched_id = ?',
      [subjectId, subjectSince, matchedId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** Whether `subjectId` was ever reported for reusing the photo of `matchedId`. */
  async everNamed(em: EntityManager, subjectId: string, matchedId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ n: number }[]>(
      'select 1 as n from photo_reuse_match where matched_id = ? and subject_id = ? limit 1', [matchedId, subjectId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  async recordNamed(em: EntityManager, match: { subjectId: string; subjectSince: Date; matchedId: string; reportId: string; filedAt: Date }): Promise<void> {
    await em.getConnection().execute(
      'insert into photo_reuse_match (subject_id, subject_since, matched_id, report_id, filed_at) values (?, ?, ?, ?, ?) on conflict do nothing',
      [match.subjectId, match.subjectSince, match.matchedId, match.reportId, match.filedAt], 'run', em.getTransactionContext(),
    );
  }
}
