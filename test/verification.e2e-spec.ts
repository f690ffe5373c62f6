/**
 * Identity verification through the gateway: a member's request with real images, encrypted at rest;
 * the verifiers' queue, claim, logged document views and decisions; documents deleted once decided;
 * the badge; a legal name change lapsing it; resubmission, expiry and the purge of abandoned uploads.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import { eventually } from '@weop/testing';
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
let verifier: SignedIn;
let db: Client;
let mailbox: string;

/** A photo-like image: a gradient with a few shapes, different for each seed. */
const photo = (seed: number, width = 900, height = 600): Promise<Buffer> => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="rgb(${(seed * 53) % 255},90,140)"/><stop offset="1" stop-color="rgb(20,${(seed * 31) % 255},200)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${200 + seed * 10}" cy="300" r="120" fill="#fff8"/>
    <text x="60" y="80" font-size="48" fill="#000">PASSPORT ${seed}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
};

interface Answer { id?: string; status?: string; error?: { code: string; message: string } }
interface Parts { fields?: Record<string, string>; files?: Record<string, { bytes: Buffer; name?: string; type?: string }> }
const formOf = (member: { fullName?: string }, parts: Parts = {}): FormData => {
  const data = new FormData();
  const fields = { kind: 'identity', documentType: 'passport', legalName: member.fullName ?? 'Nargiza Karimova', documentNumber: 'AB 1234567', ...parts.fields };
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const [k, f] of Object.entries(parts.files ?? {})) data.append(k, new Blob([f.bytes], { type: f.type ?? 'image/jpeg' }), f.name ?? `${k}.jpg`);
  return data;
};
const send = (path: string, token: string, data: FormData) => fetch(`${platform.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: data });
const submit = async (member: SignedIn, parts: Parts = {}) => {
  const files = parts.files ?? { documentFront: { bytes: await photo(1) }, selfie: { bytes: await photo(2) } };
  const res = await send('/api/v1/verification/requests', member.accessToken, formOf({}, { ...parts, files }));
  return { status: res.status, body: (await res.json()) as Answer };
};
const filesOf = async (accountId: string): Promise<string[]> => {
  const root = join(platform.storageDir, 'verification', accountId);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  // Local disk keeps each blob's declared type beside it (`.type`): only the blobs themselves count.
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) if (entry.isFile() && !entry.name.endsWith('.type')) out.push(join(entry.parentPath, entry.name));
  return out;
};

beforeAll(async () => {
  mailbox = await mkdtemp(join(tmpdir(), 'weop-mailbox-'));
  platform = await startPlatform('verification', { VERIFICATION_FILE_MAX_BYTES: String(512 * 1024) }, { VERIFICATION_SWEEP_INTERVAL_MS: '200', ABANDONED_UPLOAD_MINUTES: '1', WEOP_MAILBOX_DIR: mailbox }, { content: true });
  api = client(platform.baseUrl);
  the = given(api);
  verifier = await the.staff('verifier', { displayName: 'Verifier' });
  db = new Client({ connectionString: await platform.scope.database('identity') });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end();
  await platform?.close();
  if (mailbox) await rm(mailbox, { recursive: true, force: true });
});

describe('a verification request', () => {
  it('is taken with real images, kept encrypted, reviewed with every view logged, and its documents deleted once approved', async () => {
    const member = await the.member({ displayName: 'Nargiza' });
    const created = await submit(member);
    expect(created).toEqual({ status: 201, body: { id: expect.any(String), status: 'submitted' } });
    const id = created.body.id!;
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).body.verification).toEqual({ identity: 'pending' });
    const again = await submit(member);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('VERIFICATION_OPEN');

    // At rest: two files, sealed (checked against the image itself below, once a verifier has opened it).
    const stored = await filesOf(member.id);
    expect(stored).toHaveLength(2);
    const atRest = await Promise.all(stored.map((file) => readFile(file)));
    for (const bytes of atRest) expect(bytes.subarray(0, 4).toString()).toBe('WEB1');

    // The queue is for verifiers, oldest first; documents only for the verifier holding the request.
    expect((await api('GET', '/api/v1/verification/queue', { token: member.accessToken })).status).toBe(403);
    const queue = await api('GET', '/api/v1/verification/queue?limit=100', { token: verifier.accessToken });
    expect(queue.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({ kind: 'identity', status: 'submitted', assignee: null });
    const early = await fetch(`${platform.baseUrl}/api/v1/verification/requests/${id}/files/documentFront`, { headers: { authorization: `Bearer ${verifier.accessToken}` } });
    expect(early.status).toBe(422);
    const claimed = await api('POST', `/api/v1/verification/requests/${id}/claim`, { token: verifier.accessToken });
    expect(claimed.body).toMatchObject({ status: 'in-review', assignee: verifier.id, legalName: 'Nargiza Karimova', documentNumberLast4: '4567', files: [{ slot: 'documentFront' }, { slot: 'selfie' }] });
    const view = await fetch(`${platform.baseUrl}${claimed.body.files[0].url as string}`, { headers: { authorization: `Bearer ${verifier.accessToken}` } });
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toBe('image/jpeg');
    expect(view.headers.get('cache-control')).toBe('no-store');
    const served = Buffer.from(await view.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 900, height: 600 });
    // Neither file at rest is an image or holds this one in the clear: no image can be read from it, it
    // does not start as a JPEG, and no run of the served image's bytes (its start, its middle) is in it. (A
    // search for the 3-byte JPEG marker anywhere in the ciphertext also matched random bytes, in about one
    // run in a hundred.)
    for (const bytes of atRest) {
      await expect(sharp(bytes).metadata()).rejects.toThrow();
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      expect(bytes.includes(served.subarray(0, 64))).toBe(false);
      expect(bytes.includes(served.subarray(served.length >> 1, (served.length >> 1) + 64))).toBe(false);
    }
    expect((await api('GET', `/api/v1/verification/requests/${id}/access-log`, { token: verifier.accessToken })).body).toEqual([{ verifierId: verifier.id, slot: 'documentFront', at: expect.any(String) }]);
    // Her own view holds no documents and no number.
    const own = await api('GET', `/api/v1/verification/requests/${id}`, { token: member.accessToken });
    expect(own.body).toMatchObject({ id, status: 'in-review', resubmissionsLeft: 3 });
    expect(own.body.files).toBeUndefined();
    expect((await api('GET', `/api/v1/verification/requests/${id}`, { token: (await the.member()).accessToken })).status).toBe(404);

    const approved = await api('POST', `/api/v1/verification/requests/${id}/decision`, { token: verifier.accessToken, body: { outcome: 'approved', reason: '' } });
    expect(approved.status).toBe(201);
    // Deleted: no file left, the URL answers 410, the legal name is gone from the request.
    expect(await filesOf(member.id)).toEqual([]);
    const gone = await fetch(`${platform.baseUrl}/api/v1/verification/requests/${id}/files/documentFront`, { headers: { authorization: `Bearer ${verifier.accessToken}` } });
    expect(gone.status).toBe(410);
    const { rows } = await db.query('select legal_name, files, document_type, document_number_last4, decided_by from verification_request where id = $1', [id]);
    expect(rows[0]).toEqual({ legal_name: null, files: null, document_type: 'passport', document_number_last4: '4567', decided_by: verifier.id });

    // The badge: on /me and on the public profile, which still shows only her display name.
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).body.verification).toEqual({ identity: 'verified' });
    const profile = await api('GET', `/api/v1/profiles/${member.id}`, { token: verifier.accessToken });
    expect(profile.body).toMatchObject({ displayName: 'Nargiza', badges: ['identity-verified'] });
    expect(profile.body.fullName).toBeUndefined();
    const event = await eventually(async () => (await readEvents(platform.scope, 'identity.verification.approved.v1')).find((e) => e.payload.requestId === id));
    expect(event.payload).toMatchObject({ accountId: member.id, kind: 'identity' });

    // A new legal name: the verification lapses until she is verified again.
    expect((await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { fullName: 'Nargiza Karimova-Saidova' } })).status).toBe(200);
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).body.verification).toEqual({ identity: 'none' });
    expect((await api('GET', `/api/v1/profiles/${member.id}`, { token: verifier.accessToken })).body.badges).toEqual([]);
    await eventually(async () => (await readEvents(platform.scope, 'identity.verification.revoked.v1')).some((e) => e.payload.accountId === member.id && e.payload.reason === 'legal-name-changed'));
  });

  it('asks for new documents at most three times, and a verifier never decides her own request', async () => {
    const member = await the.member();
    const { body } = await submit(member);
    const id = body.id!;
    await api('POST', `/api/v1/verification/requests/${id}/claim`, { token: verifier.accessToken });
    expect((await api('POST', `/api/v1/verification/requests/${id}/decision`, { token: verifier.accessToken, body: { outcome: 'resubmit', reason: ' ' } })).status).toBe(400);
    const resubmit = await api('POST', `/api/v1/verification/requests/${id}/decision`, { token: verifier.accessToken, body: { outcome: 'resubmit', reason: 'The photo of the document is blurred.' } });
    expect(resubmit.status).toBe(201);
    expect(await filesOf(member.id)).toEqual([]);
    expect((await api('GET', '/api/v1/me/verification', { token: member.accessToken })).body).toMatchObject({ identity: 'pending', requests: [{ id, status: 'resubmission-requested', reason: 'The photo of the document is blurred.', resubmissionsLeft: 3 }] });
    const again = await send(`/api/v1/verification/requests/${id}/resubmission`, member.accessToken, formOf({}, { files: { documentFront: { bytes: await photo(5) }, selfie: { bytes: await photo(6) } } }));
    expect(again.status).toBe(200);
    expect((await api('GET', `/api/v1/verification/requests/${id}`, { token: member.accessToken })).body).toMatchObject({ status: 'submitted', resubmissionsLeft: 2 });
    await db.query('update verification_request set resubmissions = 3 where id = $1', [id]);
    const exhausted = await api('POST', `/api/v1/verification/requests/${id}/decision`, { token: verifier.accessToken, body: { outcome: 'resubmit', reason: 'Still blurred.' } });
    expect(exhausted.body.error.code).toBe('RESUBMISSIONS_EXHAUSTED');
    const rejected = await api('POST', `/api/v1/verification/requests/${id}/decision`, { token: verifier.accessToken, body: { outcome: 'rejected', reason: 'The document cannot be read.' } });
    expect(rejected.status).toBe(201);
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).body.verification).toEqual({ identity: 'rejected' });

    // Her own request, even as a verifier: not hers to review.
    const own = await submit(verifier);
    expect(own.status).toBe(201);
    expect((await api('POST', `/api/v1/verification/requests/${own.body.id!}/claim`, { token: verifier.accessToken })).status).toBe(403);
    expect((await api('POST', `/api/v1/verification/requests/${own.body.id!}/decision`, { token: verifier.accessToken, body: { outcome: 'approved', reason: '' } })).status).toBe(403);
  });

  it('refuses bad input clearly and keeps nothing', async () => {
    const member = await the.member();
    const good = { documentFront: { bytes: await photo(3) }, selfie: { bytes: await photo(4) } };
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 7)]);
    const cases: [Parts, number, string][] = [
      [{ files: { ...good, selfie: { bytes: exe, name: 'selfie.jpg' } } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [{ files: { ...good, documentFront: { bytes: (await photo(3)).subarray(0, 9000) } } }, 400, 'VALIDATION_FAILED'],
      [{ files: { ...good, selfie: { bytes: await photo(4, 120, 90) } } }, 400, 'VALIDATION_FAILED'],
      [{ files: { documentFront: good.documentFront } }, 400, 'VALIDATION_FAILED'],
      [{ files: good, fields: { legalName: 'Someone Else' } }, 422, 'LEGAL_NAME_MISMATCH'],
      [{ files: good, fields: { documentType: 'library-card' } }, 400, 'VALIDATION_FAILED'],
      [{ files: good, fields: { colour: 'blue' } }, 400, 'VALIDATION_FAILED'],
      [{ files: { ...good, documentFront: { bytes: Buffer.concat([await photo(3), Buffer.alloc(600 * 1024)]) } } }, 413, 'PAYLOAD_TOO_LARGE'],
      [{ files: { ...good, passport: good.documentFront } }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [parts, status, code] of cases) {
      const answer = await submit(member, parts);
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
      expect(answer.body.error?.message).toEqual(expect.any(String));
    }
    expect((await api('GET', '/api/v1/me/verification', { token: member.accessToken })).body).toEqual({ identity: 'none', requests: [] });
    // Nothing kept, and nothing left waiting to be purged.
    expect(await filesOf(member.id)).toEqual([]);
    expect((await db.query(`select 1 from pending_upload where storage_key like $1`, [`verification/${member.id}/%`])).rowCount).toBe(0);
    const json = await api('POST', '/api/v1/verification/requests', { token: member.accessToken, body: { kind: 'identity' } });
    expect(json.status).toBe(415);
  });

  it('expires an open request after its time, deleting its files, and purges abandoned uploads', async () => {
    const member = await the.member();
    const { body } = await submit(member);
    expect(await filesOf(member.id)).toHaveLength(2);
    await db.query(`update verification_request set expires_at = now() - interval '1 second' where id = $1`, [body.id!]);
    await eventually(async () => (await api('GET', `/api/v1/verification/requests/${body.id!}`, { token: member.accessToken })).body.status === 'expired');
    await eventually(async () => (await filesOf(member.id)).length === 0);
    expect((await api('GET', '/api/v1/me', { token: member.accessToken })).body.verification).toEqual({ identity: 'none' });

    // A file whose request never committed (the service died in between): purged once abandoned.
    const key = `verification/${member.id}/lost/documentfront-0`;
    const path = join(platform.storageDir, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'sealed bytes');
    await db.query(`insert into pending_upload (storage_key, created_at) values ($1, now() - interval '2 minutes')`, [key]);
    // The file goes first, then its place on the purge list.
    await eventually(async () => !existsSync(path) && (await db.query('select 1 from pending_upload where storage_key = $1', [key])).rowCount === 0);
  });
});

describe('an organisation', () => {
  const orgForm = (fields: Record<string, string>, files: Record<string, Buffer>): FormData => {
    const data = new FormData();
    for (const [k, v] of Object.entries({ name: 'Steppe Women Network', country: 'KZ', registrationNumber: 'BIN 123456789012', website: 'https://steppewomen.kz', emailDomain: 'steppewomen.kz', contactEmail: 'office@steppewomen.kz', ...fields })) data.append(k, v);
    for (const [k, bytes] of Object.entries(files)) data.append(k, new Blob([bytes], { type: 'image/jpeg' }), `${k}.jpg`);
    return data;
  };
  /** The newest code mailed to an address, from the development mailbox. */
  const codeFor = (address: string): Promise<string> =>
    eventually(async () => {
      const names = (await readdir(mailbox)).sort();
      for (const name of names.reverse()) {
        // Long lines travel quoted-printable: undo its soft line breaks.
        const mail = (await readFile(join(mailbox, name), 'utf8')).replace(/=\r?\n/g, '');
        if (mail.includes(`To: ${address}`)) return /code is (\d{6})/.exec(mail)?.[1];
      }
      return undefined;
    });
  const job = (token: string, organization: string) =>
    api('POST', '/api/v1/jobs', { token, body: { title: 'Programme officer', organization, country: 'KZ', description: 'Coordinate the gender equality programme in Almaty.', howToApply: 'Send a CV to hr@steppewomen.kz.' } });

  it('proves its domain with an emailed code, is verified by a verifier, and its members post jobs without review', async () => {
    const requester = await the.member({ displayName: 'Aigerim' });
    const certificate = await photo(7);
    const wrongDomain = await send('/api/v1/verification/organizations', requester.accessToken, orgForm({ contactEmail: 'aigerim@gmail.com' }, { registrationCertificate: certificate }));
    expect(wrongDomain.status).toBe(400);
    expect(((await wrongDomain.json()) as { error: { details: { field: string }[] } }).error.details[0].field).toBe('contactEmail');
    expect((await send('/api/v1/verification/organizations', requester.accessToken, orgForm({}, {}))).status).toBe(400);

    const created = await send('/api/v1/verification/organizations', requester.accessToken, orgForm({}, { registrationCertificate: certificate }));
    expect(created.status).toBe(201);
    const { id, status } = (await created.json()) as { id: string; status: string };
    expect(status).toBe('awaiting-email');
    const code = await codeFor('office@steppewomen.kz');
    const wrong = await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: requester.accessToken, body: { code: code === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('CODE_INVALID');
    expect((await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: (await the.member()).accessToken, body: { code } })).status).toBe(404);
    const confirmed = await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: requester.accessToken, body: { code } });
    expect(confirmed.body).toEqual({ id, status: 'submitted' });
    // The code is not kept in clear, nor is the address once confirmed.
    const { rows } = await db.query('select code_hash, contact_email from organization where id = $1', [id]);
    expect(rows[0]).toEqual({ code_hash: null, contact_email: null });

    // In the verifiers' queue beside identity requests; reviewed like them.
    const queue = await api('GET', '/api/v1/verification/queue?limit=100', { token: verifier.accessToken });
    expect(queue.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({ kind: 'organization', status: 'submitted' });
    expect((await api('GET', `/api/v1/organizations/${id}`)).status).toBe(404);
    const claimed = await api('POST', `/api/v1/verification/organizations/${id}/claim`, { token: verifier.accessToken });
    expect(claimed.body).toMatchObject({ status: 'in-review', registrationNumber: 'BIN 123456789012', requestedBy: requester.id });
    const view = await fetch(`${platform.baseUrl}${claimed.body.files[0].url as string}`, { headers: { authorization: `Bearer ${verifier.accessToken}` } });
    expect(view.status).toBe(200);
    expect((await db.query(`select kind, slot from verification_access where request_id = $1`, [id])).rows).toEqual([{ kind: 'organization', slot: 'registrationCertificate' }]);
    expect((await api('POST', `/api/v1/verification/organizations/${id}/decision`, { token: verifier.accessToken, body: { outcome: 'approved', reason: '' } })).status).toBe(201);
    const gone = await fetch(`${platform.baseUrl}${claimed.body.files[0].url as string}`, { headers: { authorization: `Bearer ${verifier.accessToken}` } });
    expect(gone.status).toBe(410);

    // Verified: public, with its members; a badge on her profile.
    expect((await api('GET', `/api/v1/organizations/${id}`)).body).toMatchObject({ name: 'Steppe Women Network', verified: true, memberIds: [requester.id] });
    expect((await api('GET', `/api/v1/profiles/${requester.id}`, { token: verifier.accessToken })).body.badges).toContain('organization-verified');

    // Content hears it: her job post for the organisation is published without review; a stranger's is not.
    await eventually(async () => (await job(requester.accessToken, 'Steppe Women Network')).body.status === 'published');
    const stranger = await the.member();
    expect((await job(stranger.accessToken, 'Steppe Women Network')).body.status).toBe('pending-review');
    expect((await api('POST', `/api/v1/organizations/${id}/members`, { token: stranger.accessToken, body: { memberId: stranger.id } })).status).toBe(403);
    // She adds a colleague, who may then post for it too.
    const colleague = await the.member();
    const added = await api('POST', `/api/v1/organizations/${id}/members`, { token: requester.accessToken, body: { memberId: colleague.id } });
    expect(added.body.memberIds).toEqual([requester.id, colleague.id]);
    await eventually(async () => (await job(colleague.accessToken, 'Steppe women network')).body.status === 'published');

    // Her export holds the request as she made it and how it was decided, without the code or where the files are kept; the colleague's holds her membership.
    const hers = (await api('GET', '/api/v1/me/export', { token: requester.accessToken })).body.services.identity;
    // (the documents were deleted at the decision; the address the code went to was cleared once confirmed)
    expect(hers.organizationsRequested).toEqual([expect.objectContaining({ id, name: 'Steppe Women Network', status: 'approved', emailDomain: 'steppewomen.kz', documents: [], contactEmail: null })]);
    expect(JSON.stringify(hers.organizationsRequested)).not.toMatch(/codeHash|"key"/);
    expect(hers.organizationMemberships).toEqual([expect.objectContaining({ organizationId: id, name: 'Steppe Women Network' })]);
    const theirs = (await api('GET', '/api/v1/me/export', { token: colleague.accessToken })).body.services.identity;
    expect(theirs.organizationsRequested).toEqual([]);
    expect(theirs.organizationMemberships).toEqual([expect.objectContaining({ organizationId: id })]);
  });

  it('locks the code after five wrong tries, and sends a new one at most once a minute', async () => {
    const requester = await the.member();
    const created = await send('/api/v1/verification/organizations', requester.accessToken, orgForm({ name: 'Pamir Craft Cooperative', country: 'TJ', registrationNumber: 'TJ-5511', emailDomain: 'pamircraft.tj', contactEmail: 'board@pamircraft.tj', website: 'https://pamircraft.tj' }, { registrationCertificate: await photo(8) }));
    const { id } = (await created.json()) as { id: string };
    const code = await codeFor('board@pamircraft.tj');
    const other = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: requester.accessToken, body: { code: other } });
    const locked = await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: requester.accessToken, body: { code } });
    expect(locked.body.error.code).toBe('CODE_LOCKED');
    const soon = await api('POST', `/api/v1/verification/organizations/${id}/email-code`, { token: requester.accessToken });
    expect(soon.status).toBe(429);
    await db.query(`update organization set code_sent_at = now() - interval '2 minutes' where id = $1`, [id]);
    expect((await api('POST', `/api/v1/verification/organizations/${id}/email-code`, { token: requester.accessToken })).status).toBe(202);
    const fresh = await eventually(async () => {
      const c = await codeFor('board@pamircraft.tj');
      return (await db.query('select code_attempts from organization where id = $1', [id])).rows[0].code_attempts === 0 ? c : undefined;
    });
    expect((await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: requester.accessToken, body: { code: fresh } })).body.status).toBe('submitted');
  });
});
