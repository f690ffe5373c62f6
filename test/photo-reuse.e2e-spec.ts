/**
 * Photo reuse (issue 5), end to end: a member who uploads a copy of another member's photo is
 * reported to trust-safety by the system, and the case reaches the moderators' queue.
 */
import { Client } from 'pg';
import sharp from 'sharp';
import { eventually, syntheticPhoto } from '@weop/testing';
import type { EventEnvelope, IdentityReportFiledV1 } from '@weop/contracts';
import { readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let moderator: SignedIn;
let identityDb: Client;

const uploadPhoto = async (member: SignedIn, bytes: Buffer): Promise<void> => {
  const form = new FormData();
  form.append('photo', new Blob([bytes], { type: 'image/jpeg' }), 'me.jpg');
  const answer = await fetch(`${platform.baseUrl}/api/v1/me/photo`, { method: 'PUT', headers: { authorization: `Bearer ${member.accessToken}` }, body: form });
  expect(answer.status).toBe(200);
};

/** What a copier does to a photo she found: cut 2.5 % off each side, shrink it and save it as a poor JPEG. */
const copyOf = async (photo: Buffer): Promise<Buffer> => {
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const [dx, dy] = [Math.round(width * 0.025), Math.round(height * 0.025)];
  return sharp(photo).extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy }).resize(Math.round(width * 0.6)).jpeg({ quality: 30 }).toBuffer();
};

const systemReportsAbout = async (profileId: string): Promise<EventEnvelope<IdentityReportFiledV1>[]> =>
  (await readEvents(platform.scope, 'identity.report.filed.v1')).filter((e) => e.payload.subjectId === profileId && e.payload.reporterId === null);

let barrierSeed = 900;
/**
 * Waits until everything identity filed before now has been published: a fresh pair of members
 * makes one more report, and the outbox publishes in order. Only then can "nothing was filed" be told.
 */
const everythingPublished = async (): Promise<void> => {
  const photo = await syntheticPhoto(barrierSeed++, 'scene');
  const owner = await the.member();
  const copier = await the.member();
  await uploadPhoto(owner, photo);
  await uploadPhoto(copier, await copyOf(photo));
  await eventually(async () => (await systemReportsAbout(copier.id)).length === 1, 10_000);
};

const caseOf = async (profileId: string): Promise<{ id: string; subject: { type: string; id: string }; guidelines: string[]; reportCount: number } | undefined> =>
  (await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken })).body.items.find((c: { subject: { id: string } }) => c.subject.id === profileId);

const hashRows = async (accountId: string): Promise<number> =>
  (await identityDb.query('select 1 from profile_photo_hash where account_id = $1', [accountId])).rowCount ?? 0;

beforeAll(async () => {
  platform = await startPlatform('photo-reuse', {}, {}, { trustSafety: true });
  api = client(platform.baseUrl);
  the = given(api);
  moderator = await the.staff('moderator', { displayName: 'Moderator' });
  await eventually(async () => (await api('GET', '/api/v1/moderation/cases', { token: moderator.accessToken })).status === 200, 5000);
  identityDb = new Client({ connectionString: await platform.scope.database('identity') });
  await identityDb.connect();
}, 60_000);

afterAll(async () => {
  await identityDb?.end();
  await platform?.close();
});

describe('photo reuse', () => {
  it('reports the member who uploads a copy of another member’s photo, naming both profiles, and trust-safety queues it', async () => {
    const aida = await the.member({ displayName: 'Aida' });
    const bahor = await the.member({ displayName: 'Bahor' });
    const photo = await syntheticPhoto(501, 'portrait');
    await uploadPhoto(aida, photo);
    await uploadPhoto(bahor, await copyOf(photo));

    const [report] = await eventually(async () => {
      const found = await systemReportsAbout(bahor.id);
      return found.length > 0 ? found : undefined;
    }, 10_000);
    expect(report.payload).toMatchObject({
      subjectType: 'profile',
      subjectId: bahor.id,
      reporterId: null,
      guideline: 'be-real',
      signals: [{ detector: 'photo-reuse', code: 'near-duplicate-photo', detail: expect.stringContaining(aida.id) }],
      snapshot: { authorId: bahor.id, title: 'Bahor', extra: { photo: 'yes' } },
    });
    expect(report.payload.signals[0].detail).toMatch(/\(distance \d+ of 64 bits\)/);
    const text = JSON.stringify(report.payload);
    for (const email of [aida.email, bahor.email]) expect(text).not.toContain(email);

    const queued = await eventually(async () => caseOf(bahor.id), 10_000);
    expect(queued).toMatchObject({ subject: { type: 'profile', id: bahor.id }, guidelines: ['be-real'], reportCount: 1 });
    const view = await api('GET', `/api/v1/moderation/cases/${queued.id}`, { token: moderator.accessToken });
    expect(view.status).toBe(200);
    expect(view.body.reports).toEqual([expect.objectContaining({ reporter: 'system', signals: [expect.objectContaining({ detector: 'photo-reuse', detail: expect.stringContaining(aida.id) })] })]);
    expect(await caseOf(aida.id)).toBeUndefined();
  });

  it('files once per photo: her copy uploaded again, and the owner re-uploading her own, add nothing', async () => {
    const owner = await the.member();
    const copier = await the.member();
    const photo = await syntheticPhoto(502, 'portrait');
    await uploadPhoto(owner, photo);
    const copy = await copyOf(photo);
    await uploadPhoto(copier, copy);
    await eventually(async () => (await systemReportsAbout(copier.id)).length === 1, 10_000);

    await uploadPhoto(copier, copy);
    await uploadPhoto(copier, await sharp(copy).jpeg({ quality: 20 }).toBuffer());
    await uploadPhoto(owner, photo);
    await everythingPublished();
    expect(await systemReportsAbout(copier.id)).toHaveLength(1);
    expect(await systemReportsAbout(owner.id)).toEqual([]);
  });

  it('files nothing for a different photo', async () => {
    const first = await the.member();
    const second = await the.member();
    await uploadPhoto(first, await syntheticPhoto(503, 'portrait'));
    await uploadPhoto(second, await syntheticPhoto(504, 'portrait'));
    await everythingPublished();
    expect(await systemReportsAbout(first.id)).toEqual([]);
    expect(await systemReportsAbout(second.id)).toEqual([]);
  });

  it('forgets her photo’s hash when she removes the photo or deletes her account', async () => {
    const photo = await syntheticPhoto(505, 'portrait');
    const owner = await the.member();
    await uploadPhoto(owner, photo);
    expect(await hashRows(owner.id)).toBe(1);
    expect((await api('DELETE', '/api/v1/me/photo', { token: owner.accessToken })).status).toBe(204);
    expect(await hashRows(owner.id)).toBe(0);
    // Her removed photo is no longer there to be matched.
    const later = await the.member();
    await uploadPhoto(later, await copyOf(photo));
    await everythingPublished();
    expect(await systemReportsAbout(later.id)).toEqual([]);

    // Deleting the account takes the hash and the record of whom her photo matched.
    const copied = await the.member();
    const leaving = await the.member();
    const other = await syntheticPhoto(506, 'portrait');
    await uploadPhoto(copied, other);
    await uploadPhoto(leaving, await copyOf(other));
    expect(await hashRows(leaving.id)).toBe(1);
    const matches = 'select 1 from photo_reuse_match where subject_id = $1 or matched_id = $1';
    expect((await identityDb.query(matches, [leaving.id])).rowCount).toBe(1);
    expect((await api('DELETE', '/api/v1/me', { token: leaving.accessToken, body: { password: leaving.password } })).status).toBe(204);
    expect(await hashRows(leaving.id)).toBe(0);
    expect((await identityDb.query(matches, [leaving.id])).rowCount).toBe(0);
  });
});
