/** The photo-reuse rules, over an in-memory stand-in for the hashes table (the SQL is covered end to end). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportSignal } from '@weop/contracts';
import type { IdentityConfig } from '../identity.config';
import type { ProfileReportsService } from '../reports/profile-reports.service';
import { hammingDistance } from './photo-hash';
import type { PhotoHashMatch, PhotoHashesRepository, StoredPhotoHash } from './photo-hashes.repository';
import { MAX_MATCHES_PER_UPLOAD, PhotoReuseService } from './photo-reuse.service';

const em = {} as EntityManager;
const AIDA = '0a6c2f4e-5b1d-4e8a-9c3f-7d2b1a0e9f01';
const BAHOR = '1b7d3a5f-6c2e-4f9b-8d4a-8e3c2b1f0a12';
const CHOLPON = '2c8e4b6a-7d3f-4a0c-9e5b-9f4d3c2a1b23';

const PHOTO = 0x0f0f_3c3c_5a5a_a5a5n;
/** The same photo with `bits` of its bits flipped, as a recompressed or cropped copy would be. */
const copyOf = (hash: bigint, bits: number): bigint => {
  let copy = hash;
  for (let i = 0; i < bits; i++) copy ^= 1n << BigInt(i * 5);
  return copy;
};
const OTHER_PHOTO = ~PHOTO & 0x7fff_ffff_ffff_ffffn;

class HashesInMemory implements Pick<PhotoHashesRepository, 'takeComparisonTurn' | 'of' | 'save' | 'forget' | 'nearest' | 'alreadyNamed' | 'everNamed' | 'recordNamed'> {
  readonly photos = new Map<string, StoredPhotoHash>();
  readonly named: { subjectId: string; subjectSince: Date; matchedId: string; reportId: string }[] = [];
  turns = 0;
  async takeComparisonTurn(): Promise<void> {
    this.turns++;
  }
  async of(_em: EntityManager, accountId: string): Promise<StoredPhotoHash | null> {
    return this.photos.get(accountId) ?? null;
  }
  async save(_em: EntityManager, accountId: string, photo: StoredPhotoHash): Promise<void> {
    this.photos.set(accountId, photo);
  }
  async forget(_em: EntityManager, accountId: string): Promise<void> {
    this.photos.delete(accountId);
  }
  async nearest(_em: EntityManager, accountId: string, hash: bigint, maxDistance: number, limit: number): Promise<PhotoHashMatch[]> {
    return [...this.photos]
      .filter(([id]) => id !== accountId)
      .map(([id, p]) => ({ accountId: id, distance: hammingDistance(p.hash, hash) }))
      .filter((m) => m.distance <= maxDistance)
      .sort((a, b) => a.distance - b.distance)
      .slice(0, limit);
  }
  async alreadyNamed(_em: EntityManager, subjectId: string, subjectSince: Date, matchedId: string): Promise<boolean> {
    return this.named.some((n) => n.subjectId === subjectId && n.subjectSince.getTime() === subjectSince.getTime() && n.matchedId === matchedId);
  }
  async everNamed(_em: EntityManager, subjectId: string, matchedId: string): Promise<boolean> {
    return this.named.some((n) => n.subjectId === subjectId && n.matchedId === matchedId);
  }
  async recordNamed(_em: EntityManager, match: { subjectId: string; subjectSince: Date; matchedId: string; reportId: string }): Promise<void> {
    this.named.push(match);
  }
}

function detector(maxDistance = 10) {
  const hashes = new HashesInMemory();
  const filed: { subjectId: string; guideline: string; signals: ReportSignal[] }[] = [];
  const reports = {
    fileSystem: jest.fn(async (_em: EntityManager, subjectId: string, guideline: string, signals: ReportSignal[]) => {
      filed.push({ subjectId, guideline, signals });
      return `report-${filed.length}`;
    }),
  };
  const service = new PhotoReuseService(hashes, reports as unknown as ProfileReportsService, { PHOTO_REUSE_MAX_DISTANCE: maxDistance } as IdentityConfig);
  let clock = Date.parse('2026-11-28T08:00:00Z');
  const upload = (accountId: string, hash: bigint | null): Promise<void> => service.photoUploaded(em, accountId, hash, new Date((clock += 60_000)));
  return { service, hashes, filed, upload };
}

describe('photo reuse', () => {
  it('reports the member whose new photo nearly matches another member’s, naming that profile', async () => {
    const { upload, filed, hashes } = detector();
    await upload(AIDA, PHOTO);
    expect(filed).toEqual([]);
    await upload(BAHOR, copyOf(PHOTO, 6));
    expect(filed).toEqual([
      { subjectId: BAHOR, guideline: 'be-real', signals: [{ detector: 'photo-reuse', code: 'near-duplicate-photo', detail: `The profile photo matches the photo of profile ${AIDA} (distance 6 of 64 bits).` }] },
    ]);
    expect(hashes.photos.get(BAHOR)?.hash).toBe(copyOf(PHOTO, 6));
    expect(hashes.turns).toBe(2);
  });

  it('files nothing for a different photo, or for one just beyond the threshold', async () => {
    const { upload, filed } = detector(10);
    await upload(AIDA, PHOTO);
    await upload(BAHOR, OTHER_PHOTO);
    await upload(CHOLPON, copyOf(PHOTO, 11));
    expect(filed).toEqual([]);
  });

  it('reports a photo once: uploading it again, or a near copy of it, files nothing new', async () => {
    const { upload, filed, hashes } = detector();
    await upload(AIDA, PHOTO);
    await upload(BAHOR, copyOf(PHOTO, 4));
    const since = hashes.photos.get(BAHOR)?.since;
    await upload(BAHOR, copyOf(PHOTO, 4));
    await upload(BAHOR, copyOf(PHOTO, 2));
    expect(filed).toHaveLength(1);
    expect(hashes.photos.get(BAHOR)?.since).toEqual(since);
  });

  it('never reports the member who was copied, when she uploads her own photo again', async () => {
    const { upload, filed, service } = detector();
    await upload(AIDA, PHOTO);
    await upload(BAHOR, copyOf(PHOTO, 4));
    await upload(AIDA, copyOf(PHOTO, 1));
    // Even after removing it in between, which forgets the hash and its date.
    await service.photoRemoved(em, AIDA);
    await upload(AIDA, PHOTO);
    expect(filed.map((f) => f.subjectId)).toEqual([BAHOR]);
  });

  it('never compares her photo with her own earlier one', async () => {
    const { upload, filed, hashes } = detector();
    await upload(AIDA, PHOTO);
    await upload(AIDA, copyOf(PHOTO, 3));
    expect(filed).toEqual([]);
    expect(hashes.photos.size).toBe(1);
  });

  it('reports a new photo of hers that again copies someone, and each profile it copies once', async () => {
    const { upload, filed } = detector();
    await upload(AIDA, PHOTO);
    await upload(CHOLPON, OTHER_PHOTO);
    await upload(BAHOR, copyOf(PHOTO, 2));
    await upload(BAHOR, copyOf(OTHER_PHOTO, 2));
    expect(filed.map((f) => [f.subjectId, f.signals[0].detail.includes(AIDA) ? 'aida' : 'cholpon'])).toEqual([
      [BAHOR, 'aida'],
      [BAHOR, 'cholpon'],
    ]);
  });

  it('names at most a few profiles for a photo many share, the closest first', async () => {
    const { upload, filed } = detector();
    const owners = Array.from({ length: MAX_MATCHES_PER_UPLOAD + 3 }, (_, i) => `3d9f5c7b-8e4a-4b1d-af6c-${String(i).padStart(12, '0')}`);
    for (const [i, owner] of owners.entries()) await upload(owner, copyOf(PHOTO, i));
    filed.length = 0;
    await upload(AIDA, PHOTO);
    expect(filed).toHaveLength(MAX_MATCHES_PER_UPLOAD);
    expect(filed[0].signals[0].detail).toContain(owners[0]);
  });

  it('keeps no hash for a photo too plain to have one, nor once she removes her photo', async () => {
    const { upload, hashes, filed, service } = detector();
    await upload(AIDA, PHOTO);
    await upload(AIDA, null);
    expect(hashes.photos.has(AIDA)).toBe(false);
    await upload(BAHOR, PHOTO);
    await service.photoRemoved(em, BAHOR);
    expect(hashes.photos.size).toBe(0);
    expect(filed).toEqual([]);
  });
});
