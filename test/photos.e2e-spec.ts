/** Profile photos: type read from the bytes, metadata (GPS!) removed, limits enforced. */
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { given } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const upload = (baseUrl: string, token: string, parts: [string, Blob, string?][]): Promise<Response> => {
  const form = new FormData();
  for (const [field, blob, name] of parts) form.append(field, blob, name ?? 'photo.jpg');
  return fetch(`${baseUrl}/api/v1/me/photo`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: form });
};

describe('profile photos', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;
  let jpegWithGps: Buffer;

  beforeAll(async () => {
    platform = await startPlatform('photos');
    api = client(platform.baseUrl);
    the = given(api);
    jpegWithGps = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a3e9d' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 43/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '44/1 47/1 0/1' } })
      .toBuffer();
    expect((await sharp(jpegWithGps).metadata()).exif).toBeDefined();
  });
  afterAll(() => platform.close());

  it('stores her photo without its metadata, bounded in size, and shows it to other members', async () => {
    const member = await the.member();
    const answer = await upload(platform.baseUrl, member.accessToken, [['photo', new Blob([jpegWithGps], { type: 'image/jpeg' })]]);
    expect(answer.status).toBe(200);
    const profile = (await answer.json()) as { photoUrl: string };
    expect(profile.photoUrl).toBe(`/api/v1/profiles/${member.id}/photo`);

    const viewer = await the.member();
    const seen = await fetch(`${platform.baseUrl}${profile.photoUrl}`, { headers: { authorization: `Bearer ${viewer.accessToken}` } });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await seen.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1024);
    expect(bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);

    const publicProfile = await api('GET', `/api/v1/profiles/${member.id}`, { token: viewer.accessToken });
    expect(publicProfile.body.photoUrl).toBe(profile.photoUrl);
    expect((await fetch(`${platform.baseUrl}${profile.photoUrl}`)).status).toBe(401);
  });

  it('judges the type by the bytes, not the name or the declared type', async () => {
    const member = await the.member();
    const fake = new Blob([Buffer.from('%PDF-1.7 this is not an image')], { type: 'image/jpeg' });
    const answer = await upload(platform.baseUrl, member.accessToken, [['photo', fake, 'me.jpg']]);
    expect(answer.status).toBe(415);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    expect((await upload(platform.baseUrl, member.accessToken, [['photo', new Blob([gif]), 'me.png']])).status).toBe(415);
    const profile = await api('GET', `/api/v1/profiles/${member.id}`, { token: member.accessToken });
    expect(profile.body.photoUrl).toBeNull();
  });

  it('refuses a photo over the limit, a wrong field and a non-multipart body', async () => {
    const member = await the.member();
    const big = await upload(platform.baseUrl, member.accessToken, [['photo', new Blob([Buffer.alloc(800 * 1024, 1)])]]);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongField = await upload(platform.baseUrl, member.accessToken, [['avatar', new Blob([jpegWithGps])]]);
    expect(wrongField.status).toBe(400);
    const json = await api('PUT', '/api/v1/me/photo', { token: member.accessToken, body: { photo: 'x' } });
    expect(json.status).toBe(415);
  });

  it('removes her photo on request', async () => {
    const member = await the.member();
    expect((await upload(platform.baseUrl, member.accessToken, [['photo', new Blob([jpegWithGps])]])).status).toBe(200);
    expect((await api('DELETE', '/api/v1/me/photo', { token: member.accessToken })).status).toBe(204);
    expect((await api('GET', `/api/v1/profiles/${member.id}/photo`, { token: member.accessToken })).status).toBe(404);
  });

  it('leaves no file of hers behind when she deletes her account, even after uploads at once', async () => {
    const member = await the.member();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => upload(platform.baseUrl, member.accessToken, [['photo', new Blob([jpegWithGps])]])),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const folder = join(tmpdir(), `weop-test-blobs-${platform.scope.id}`, 'photos', member.id);
    // Uploads took turns: only the last photo is kept.
    expect((await readdir(folder)).filter((f) => !f.endsWith('.type'))).toHaveLength(1);
    expect((await api('DELETE', '/api/v1/me', { token: member.accessToken, body: { password: member.password } })).status).toBe(204);
    await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
  });
});
