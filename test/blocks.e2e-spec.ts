/**
 * Blocks through the gateway (API.md "Community"): identity keeps them, announces each change with the
 * pair's version, hides the two members from each other's profile, photo and directory, and never
 * tells the blocked member. Reporting stays open both ways.
 */
import { Client } from 'pg';
import sharp from 'sharp';
import { eventually } from '@weop/testing';
import { readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import { AccountsRepository } from '../apps/identity/src/accounts/accounts.repository';
import { ProfilesService } from '../apps/identity/src/profiles/profiles.service';
import type { Platform } from './support/platform';

const NO_ID = '00000000-0000-4000-8000-000000000000';

describe('blocks', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;

  beforeAll(async () => {
    platform = await startPlatform('blocks', {}, { BLOCKS_PER_MEMBER_MAX: '3' });
    api = client(platform.baseUrl);
    the = given(api);
  });
  afterAll(() => platform.close());

  const block = (by: SignedIn, memberId: string) => api('POST', '/api/v1/blocks', { token: by.accessToken, body: { memberId } });
  const unblock = (by: SignedIn, memberId: string) => api('DELETE', `/api/v1/blocks/${memberId}`, { token: by.accessToken });
  const listed = async (who: SignedIn) => (await api('PATCH', '/api/v1/me/profile', { token: who.accessToken, body: { listedInDirectory: true } })).status;

  it('blocks, answers the same block when asked again, lists it and lifts it', async () => {
    const her = await the.member();
    const him = await the.member({ fullName: 'Timur Aliyev', displayName: 'Timur', country: 'AZ' });

    const first = await block(her, him.id);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ memberId: him.id, displayName: 'Timur', blockedAt: expect.any(String) });
    const again = await block(her, him.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const list = await api('GET', '/api/v1/me/blocks', { token: her.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [first.body], nextCursor: null });
    // The name kept is the one she could see when she blocked him: his later changes do not reach her list.
    await api('PATCH', '/api/v1/me/profile', { token: him.accessToken, body: { showLegalName: true } });
    expect((await api('GET', '/api/v1/me/blocks', { token: her.accessToken })).body.items).toEqual([first.body]);

    expect((await unblock(her, him.id)).status).toBe(204);
    expect((await unblock(her, him.id)).status).toBe(404);
    expect((await api('GET', '/api/v1/me/blocks', { token: her.accessToken })).body.items).toEqual([]);
    // Blocking again after lifting is a new block, with the name he shows now.
    const renewed = await block(her, him.id);
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ displayName: 'Timur', fullName: 'Timur Aliyev' });
  });

  it('never lets a block follow a member who renamed herself to hide', async () => {
    const survivor = await the.member({ fullName: 'Saule Bekova', displayName: 'Saule', country: 'KZ' });
    const him = await the.member();
    // She blocks him, then changes her name (and shows her new legal name to others).
    expect((await block(survivor, him.id)).status).toBe(201);
    expect((await api('PATCH', '/api/v1/me/profile', { token: survivor.accessToken, body: { displayName: 'Aru', fullName: 'Aru Nurpeisova', showLegalName: true } })).status).toBe(200);
    // He blocks her with the id he kept: an ordinary 201, showing only the name he could last see.
    const his = await block(him, survivor.id);
    expect(his.status).toBe(201);
    expect(his.body).toEqual({ memberId: survivor.id, displayName: 'Saule', blockedAt: expect.any(String) });
    expect(JSON.stringify((await api('GET', '/api/v1/me/blocks', { token: him.accessToken })).body)).not.toMatch(/Aru|Nurpeisova/);
    // Her lifting her block while his stands changes nothing in what he sees.
    expect((await unblock(survivor, him.id)).status).toBe(204);
    expect(JSON.stringify((await api('GET', '/api/v1/me/blocks', { token: him.accessToken })).body)).not.toMatch(/Aru|Nurpeisova/);
    // And a member who blocks first cannot watch the other's new names through the list either.
    const watcher = await the.member();
    const target = await the.member({ displayName: 'Dina' });
    expect((await block(watcher, target.id)).status).toBe(201);
    await api('PATCH', '/api/v1/me/profile', { token: target.accessToken, body: { displayName: 'Zhanna' } });
    expect((await api('GET', '/api/v1/me/blocks', { token: watcher.accessToken })).body.items[0].displayName).toBe('Dina');
  });

  it('announces every change with the pair version, once per change', async () => {
    const her = await the.member();
    const him = await the.member();
    await block(her, him.id);
    await block(her, him.id); // no change, no event
    await unblock(her, him.id);
    await block(her, him.id);
    const ofPair = <T extends { payload: { blockerId: string; blockedId: string } }>(events: T[]) => events.filter((e) => e.payload.blockerId === her.id && e.payload.blockedId === him.id);
    const created = await eventually(async () => {
      const found = ofPair(await readEvents(platform.scope, 'identity.block.created.v1'));
      return found.length === 2 ? found : undefined;
    }, 5000);
    const removed = await eventually(async () => {
      const found = ofPair(await readEvents(platform.scope, 'identity.block.removed.v1'));
      return found.length === 1 ? found : undefined;
    }, 5000);
    expect(created.map((e) => e.payload.version)).toEqual([1, 3]);
    expect(removed.map((e) => e.payload.version)).toEqual([2]);
    expect(created[0].payload).toEqual({ blockerId: her.id, blockedId: him.id, version: 1, at: expect.any(String) });
  });

  it('makes one block of the same request sent many times at once (one 201, one event)', async () => {
    const her = await the.member();
    const him = await the.member();
    const answers = await Promise.all(Array.from({ length: 6 }, () => block(her, him.id)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.blockedAt)).size).toBe(1);
    const events = await eventually(async () => {
      const found = (await readEvents(platform.scope, 'identity.block.created.v1')).filter((e) => e.payload.blockerId === her.id);
      return found.length > 0 ? found : undefined;
    }, 5000);
    // Give a stray second event the time to be relayed before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = (await readEvents(platform.scope, 'identity.block.created.v1')).filter((e) => e.payload.blockerId === her.id);
    expect(all).toHaveLength(1);
    expect(events[0].payload.version).toBe(1);
  });

  it('refuses herself, an unknown or deleted member, a bad id and unknown fields', async () => {
    const her = await the.member();
    const self = await block(her, her.id);
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('CANNOT_BLOCK_SELF');
    const shouting = await block(her, her.id.toUpperCase());
    expect({ status: shouting.status, code: shouting.body.error.code }).toEqual({ status: 422, code: 'CANNOT_BLOCK_SELF' });
    expect((await block(her, NO_ID)).status).toBe(404);
    expect((await block(her, NO_ID)).body.error.code).toBe('NOT_FOUND');
    const gone = await the.member();
    expect((await api('DELETE', '/api/v1/me', { token: gone.accessToken, body: { password: gone.password } })).status).toBe(204);
    expect((await block(her, gone.id)).status).toBe(404);
    const bad = await api('POST', '/api/v1/blocks', { token: her.accessToken, body: { memberId: 'someone' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('memberId');
    const extra = await api('POST', '/api/v1/blocks', { token: her.accessToken, body: { memberId: gone.id, reason: 'he scares me' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', '/api/v1/blocks', { body: { memberId: NO_ID } })).status).toBe(401);
    expect((await api('DELETE', '/api/v1/blocks/not-a-uuid', { token: her.accessToken })).status).toBe(400);
  });

  it('caps the blocks one member holds, with a clear 422', async () => {
    const her = await the.member();
    const others = await Promise.all([1, 2, 3, 4].map(() => the.member()));
    for (const other of others.slice(0, 3)) expect((await block(her, other.id)).status).toBe(201);
    const over = await block(her, others[3].id);
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('BLOCK_LIMIT_REACHED');
    // Asking again for a standing block is still fine at the cap, and lifting one makes room.
    expect((await block(her, others[0].id)).status).toBe(200);
    expect((await unblock(her, others[0].id)).status).toBe(204);
    expect((await block(her, others[3].id)).status).toBe(201);
  });

  it('pages her blocks newest first', async () => {
    const her = await the.member();
    const blocked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const other = await the.member();
      expect((await block(her, other.id)).status).toBe(201);
      blocked.unshift(other.id);
    }
    const first = await api('GET', '/api/v1/me/blocks?limit=2', { token: her.accessToken });
    expect(first.body.items.map((b: { memberId: string }) => b.memberId)).toEqual(blocked.slice(0, 2));
    const second = await api('GET', `/api/v1/me/blocks?limit=2&cursor=${first.body.nextCursor}`, { token: her.accessToken });
    expect(second.body).toEqual({ items: [expect.objectContaining({ memberId: blocked[2] })], nextCursor: null });
    expect((await api('GET', '/api/v1/me/blocks?cursor=broken', { token: her.accessToken })).status).toBe(400);
  });

  it('hides the two from each other (profile, photo, directory) without telling the blocked member', async () => {
    const her = await the.member({ fullName: 'Madina Nurlanovna', displayName: 'Madina', country: 'KZ' });
    const him = await the.member({ fullName: 'Ruslan Omarov', displayName: 'Ruslan', country: 'KZ' });
    const bystander = await the.member();
    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('photo', new Blob([photo], { type: 'image/jpeg' }), 'me.jpg');
    expect((await fetch(`${platform.baseUrl}/api/v1/me/photo`, { method: 'PUT', headers: { authorization: `Bearer ${her.accessToken}` }, body: form })).status).toBe(200);
    expect(await listed(her)).toBe(200);
    expect(await listed(him)).toBe(200);
    const inDirectory = async (viewer: SignedIn, id: string) =>
      ((await api('GET', '/api/v1/members?country=KZ&limit=100', { token: viewer.accessToken })).body.items as { id: string }[]).some((m) => m.id === id);
    expect(await inDirectory(him, her.id)).toBe(true);

    expect((await block(her, him.id)).status).toBe(201);

    // He sees exactly what a profile that does not exist gives: the same status, code and message.
    const hidden = await api('GET', `/api/v1/profiles/${her.id}`, { token: him.accessToken });
    const missing = await api('GET', `/api/v1/profiles/${NO_ID}`, { token: him.accessToken });
    expect(hidden.status).toBe(404);
    expect({ code: hidden.body.error.code, message: hidden.body.error.message }).toEqual({ code: missing.body.error.code, message: missing.body.error.message });
    expect(JSON.stringify(hidden.body)).not.toMatch(/block/i);
    expect((await api('GET', `/api/v1/profiles/${her.id}/photo`, { token: him.accessToken })).status).toBe(404);
    expect(await inDirectory(him, her.id)).toBe(false);
    // Both ways: she does not see him either.
    expect((await api('GET', `/api/v1/profiles/${him.id}`, { token: her.accessToken })).status).toBe(404);
    expect(await inDirectory(her, him.id)).toBe(false);
    // Nobody else is affected.
    expect((await api('GET', `/api/v1/profiles/${her.id}`, { token: bystander.accessToken })).status).toBe(200);
    expect((await api('GET', `/api/v1/profiles/${her.id}/photo`, { token: bystander.accessToken })).status).toBe(200);
    expect(await inDirectory(bystander, her.id)).toBe(true);
    // Nothing he can call names her: his own lists and data carry no trace of her block.
    const hisBlocks = await api('GET', '/api/v1/me/blocks', { token: him.accessToken });
    expect(hisBlocks.body.items).toEqual([]);
    const hisExport = await api('GET', '/api/v1/me/export', { token: him.accessToken });
    expect(JSON.stringify(hisExport.body)).not.toContain(her.id);
    expect(JSON.stringify((await api('GET', '/api/v1/me', { token: him.accessToken })).body)).not.toContain(her.id);

    // Lifted: they see each other again.
    expect((await unblock(her, him.id)).status).toBe(204);
    expect((await api('GET', `/api/v1/profiles/${her.id}`, { token: him.accessToken })).status).toBe(200);
    expect(await inDirectory(him, her.id)).toBe(true);
  });

  it('answers profile views that arrive together with one statement, each as its own viewer may see it', async () => {
    const her = await the.member({ displayName: 'Aida' });
    const him = await the.member({ displayName: 'Timur' });
    const first = await the.member();
    const second = await the.member();
    expect((await block(her, him.id)).status).toBe(201);
    const profiles = platform.identity!.get(ProfilesService);
    const batches = jest.spyOn(platform.identity!.get(AccountsRepository), 'publicProfileRows');
    try {
      // Asked in one turn, as identity receives several requests in one read from NATS.
      const seen = await Promise.allSettled([
        profiles.publicProfile(first.id, her.id),
        profiles.publicProfile(him.id, her.id),
        profiles.publicProfile(second.id, him.id),
        profiles.publicProfile(her.id, him.id),
        profiles.publicProfile(second.id, her.id),
        profiles.publicProfile(first.id, NO_ID),
      ]);
      expect(batches).toHaveBeenCalledTimes(1);
      expect(batches.mock.calls[0][0]).toHaveLength(6);
      const outcome = seen.map((s) => (s.status === 'fulfilled' ? s.value.displayName : (s.reason as { code: string }).code));
      expect(outcome).toEqual(['Aida', 'NOT_FOUND', 'Timur', 'NOT_FOUND', 'Aida', 'NOT_FOUND']);
    } finally {
      batches.mockRestore();
    }
    // Through the gateway, all at once: the same answers.
    const statuses = await Promise.all(
      [[first, her.id], [him, her.id], [second, him.id], [her, him.id], [second, her.id], [first, NO_ID]].map(
        async ([viewer, id]) => (await api('GET', `/api/v1/profiles/${id as string}`, { token: (viewer as SignedIn).accessToken })).status,
      ),
    );
    expect(statuses).toEqual([200, 404, 200, 404, 200, 404]);
  });

  it('keeps reporting open both ways: she can report the member she blocked, and he can still report her', async () => {
    const her = await the.member();
    const him = await the.member();
    expect((await block(her, him.id)).status).toBe(201);
    const hers = await api('POST', '/api/v1/reports', { token: her.accessToken, body: { subject: { type: 'profile', id: him.id }, guideline: 'safety', details: 'He followed me here.' } });
    expect(hers.status).toBe(202);
    const his = await api('POST', '/api/v1/reports', { token: him.accessToken, body: { subject: { type: 'profile', id: her.id }, guideline: 'respect' } });
    expect(his.status).toBe(202);
  });

  it('exports the blocks she made (never those made against her) and erases both ways when an account is deleted', async () => {
    const her = await the.member();
    const him = await the.member();
    const other = await the.member();
    expect((await block(her, him.id)).status).toBe(201);
    expect((await block(other, her.id)).status).toBe(201);
    const exported = (await api('GET', '/api/v1/me/export', { token: her.accessToken })).body.services.identity;
    expect(exported.blocks).toEqual([{ memberId: him.id, standing: true, blockedAt: expect.any(String), changedAt: expect.any(String) }]);
    expect(JSON.stringify(exported)).not.toContain(other.id);

    expect((await api('DELETE', '/api/v1/me', { token: her.accessToken, body: { password: her.password } })).status).toBe(204);
    const db = new Client({ connectionString: await platform.scope.database('identity') });
    await db.connect();
    try {
      const { rows } = await db.query('select count(*)::int as n from member_block where blocker_id = $1 or blocked_id = $1', [her.id]);
      expect(rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    expect((await api('GET', '/api/v1/me/blocks', { token: other.accessToken })).body.items).toEqual([]);
  });
});
