/** Accounts, sessions and profiles through the gateway, as API.md "Accounts and sessions" describes them. */
import { createHmac, sign } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '@weop/testing';
import { given } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const decode = (jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } => {
  const [h, c] = jwt.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(Buffer.from(c, 'base64url').toString()) };
};

describe('accounts and sessions', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;

  beforeAll(async () => {
    platform = await startPlatform('accounts');
    api = client(platform.baseUrl);
    the = given(api);
  });
  afterAll(() => platform.close());

  describe('registering', () => {
    it('creates an account and refuses the same email in another case', async () => {
      const body = { email: 'Dilnoza.Rahimova@Example.org', password: 'Samarkand-blue-domes-77', fullName: 'Dilnoza Rahimova', country: 'UZ' };
      const first = await api('POST', '/api/v1/auth/register', { body });
      expect(first.status).toBe(201);
      expect(first.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const again = await api('POST', '/api/v1/auth/register', { body: { ...body, email: 'dilnoza.rahimova@example.ORG' } });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CONFLICT');
    });

    it.each(['password1234', 'qwerty123456', '123456789012', 'short-pw'])('refuses the weak password %s', async (password) => {
      const answer = await api('POST', '/api/v1/auth/register', {
        body: { email: `weak-${password}@example.org`, password, fullName: 'Ana Beridze', country: 'GE' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
      // Nothing was written: the email is still free.
      const ok = await api('POST', '/api/v1/auth/register', {
        body: { email: `weak-${password}@example.org`, password: 'Mtatsminda-funicular-9', fullName: 'Ana Beridze', country: 'GE' },
      });
      expect(ok.status).toBe(201);
    });

    it('refuses a country outside CAREC and unknown fields, with the field named', async () => {
      const answer = await api('POST', '/api/v1/auth/register', {
        body: { email: 'fr@example.org', password: 'Mtatsminda-funicular-9', fullName: 'Marie Curie', country: 'FR', nickname: 'mc' },
      });
      expect(answer.status).toBe(400);
      const fields = answer.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['country', 'nickname']));
      expect(typeof answer.body.correlationId).toBe('string');
    });

    it('refuses control characters in text with the field named, rather than failing in the database', async () => {
      const member = await the.member();
      const profile = await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'before\u0000after' } });
      expect(profile.status).toBe(400);
      expect(profile.body.error.details).toEqual([{ field: 'bio', problem: 'must not contain control characters' }]);
      const nested = await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { expertise: ['ok', 'bad\u0007'] } });
      expect(nested.body.error.details[0].field).toBe('expertise[1]');
      const login = await api('POST', '/api/v1/auth/login', { body: { email: 'a\u0000@example.org', password: 'Whatever-pass-12' } });
      expect(login.status).toBe(400);
      // Line breaks are text.
      expect((await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'line one\nline two\ttab' } })).status).toBe(200);
    });

    it('answers malformed JSON and oversized bodies with the error envelope', async () => {
      const bad = await api('POST', '/api/v1/auth/register', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      const huge = await api('POST', '/api/v1/auth/register', {
        body: { email: 'big@example.org', password: 'x'.repeat(1_100_000), fullName: 'Big', country: 'KZ' },
      });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('signing in', () => {
    it('gives a short-lived ES256 access token and the account', async () => {
      const member = await the.member();
      const { header, claims } = decode(member.accessToken);
      expect(header.alg).toBe('ES256');
      expect(claims.aud).toBe('weop-api');
      expect(claims.typ).toBe('access');
      expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(900);
      const login = await api('POST', '/api/v1/auth/login', { body: { email: member.email.toUpperCase(), password: member.password } });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ expiresIn: 900, account: { id: member.id, status: 'active', roles: ['member'] } });
    });

    it('refuses a wrong password, and a token signed with another key or of another algorithm', async () => {
      const member = await the.member();
      const wrong = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: 'Not-her-password-99' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
      const unknown = await api('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.org', password: 'Not-her-password-99' } });
      expect(unknown.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');

      const [h, c] = member.accessToken.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${c}.`;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decode(member.accessToken).claims, roles: ['admin'] })).toString('base64url')}.${member.accessToken.split('.')[2]}`;
      for (const token of [none, tampered, 'garbage']) {
        const answer = await api('GET', '/api/v1/me', { token });
        expect(answer.status).toBe(401);
        expect(answer.body.error.code).toBe('AUTH_TOKEN_INVALID');
      }
    });

    it('refuses a token signed with identity\'s own key when it is expired, for another audience or issuer, or not an access token', async () => {
      const member = await the.member();
      const db = await platform.db('identity');
      const { rows } = await db.query<{ kid: string; private_key_pem: string; public_key_pem: string }>(
        `select kid, private_key_pem, public_key_pem from signing_key where retired_at is null and private_key_pem <> ''`,
      );
      await db.end();
      const [{ kid, private_key_pem: privateKey, public_key_pem: publicKey }] = rows;
      const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const claims = { ...decode(member.accessToken).claims, iat: now, exp: now + 600 };
      const es256 = (changes: Record<string, unknown>): string => {
        const head = `${base64url({ alg: 'ES256', typ: 'JWT', kid })}.${base64url({ ...claims, ...changes })}`;
        return `${head}.${sign('sha256', Buffer.from(head), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
      };
      // The control: the same key and claims make a token the gateway takes.
      expect((await api('GET', '/api/v1/me', { token: es256({}) })).status).toBe(200);
      const hs256 = `${base64url({ alg: 'HS256', typ: 'JWT', kid })}.${base64url(claims)}`;
      const confused = `${hs256}.${createHmac('sha256', publicKey).update(hs256).digest('base64url')}`;
      const refused = {
        expired: es256({ iat: now - 1000, exp: now - 60 }),
        otherAudience: es256({ aud: 'another-api' }),
        otherIssuer: es256({ iss: 'someone-else' }),
        refreshType: es256({ typ: 'refresh' }),
        noType: es256({ typ: undefined }),
        publicKeyAsHmacSecret: confused,
      };
      for (const [what, token] of Object.entries(refused)) {
        const answer = await api('GET', '/api/v1/me', { token });
        expect({ what, status: answer.status, code: answer.body.error?.code }).toEqual({ what, status: 401, code: 'AUTH_TOKEN_INVALID' });
      }
    });

    it('slows guessing from one address without locking the member out from hers', async () => {
      const member = await the.member();
      const attacker = { 'x-forwarded-for': '203.0.113.7' };
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: `Guess-number-${i}-xx` }, headers: attacker })).status);
      }
      // The fifth failure is still answered 401 and starts the block; the next try is refused.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const blocked = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: attacker });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      const fromHome = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: { 'x-forwarded-for': '198.51.100.20' } });
      expect(fromHome.status).toBe(200);
    });
  });

  it('does not let a stranger spraying guesses from many addresses keep her out of her own', async () => {
    const member = await the.member();
    const home = { 'x-forwarded-for': '192.0.2.44' };
    await the.signIn(member.email, member.password, home);
    for (let i = 0; i < 22; i++) {
      await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: `Spray-guess-${i}-xx` }, headers: { 'x-forwarded-for': `203.0.113.${100 + i}` } });
    }
    // From an address she never used, the account is paused ...
    const stranger = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: { 'x-forwarded-for': '203.0.113.250' } });
    expect(stranger.status).toBe(429);
    // ... but from her usual one she signs in.
    expect((await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: home })).status).toBe(200);
  });

  it('after each pause checks one attempt: a member is not kept out by a guesser, and a guesser gets one try per pause', async () => {
    const member = await the.member();
    const email = member.email.toLowerCase();
    for (let i = 0; i < 22; i++) {
      await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: `Slow-guess-${i}-xx` }, headers: { 'x-forwarded-for': `203.0.113.${120 + i}` } });
    }
    const db = await platform.db('identity');
    const pauseEnds = (): Promise<unknown> => db.query(`update login_throttle set blocked_until = now() - interval '1 second' where key = $1`, [`account:${email}`]);
    try {
      const paused = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: { 'x-forwarded-for': '203.0.113.251' } });
      expect(paused.status).toBe(429);
      const retryAfter = Number(paused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);

      // The pause is over (still inside the 15-minute window, still past the limit): the guesser's next
      // try is checked and answered 401, and it starts the next pause at once.
      await pauseEnds();
      const guess = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: 'Slow-guess-late-xx' }, headers: { 'x-forwarded-for': '203.0.113.252' } });
      expect(guess.status).toBe(401);
      const next = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: 'Slow-guess-later-xx' }, headers: { 'x-forwarded-for': '203.0.113.253' } });
      expect(next.status).toBe(429);

      // After the next pause she signs in from an address she never used, with her password checked.
      await pauseEnds();
      const herTurn = await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: { 'x-forwarded-for': '203.0.113.254' } });
      expect(herTurn.status).toBe(200);
    } finally {
      await db.end();
    }
  });

  it('counts a burst of parallel guesses before checking any, so the burst cannot pass the limit', async () => {
    const member = await the.member();
    const from = { 'x-forwarded-for': '198.51.100.77' };
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api('POST', '/api/v1/auth/login', { body: { email: member.email, password: `Burst-guess-${i}-xx` }, headers: from })),
    );
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(7);
  });

  describe('refresh tokens', () => {
    it('rotate on every use; a spent one revokes the whole session', async () => {
      const member = await the.member();
      const first = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(member.refreshToken);
      // The old token again: somebody copied it. Both it and the newest stop working.
      const replay = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect(replay.status).toBe(401);
      const newest = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
      expect(newest.status).toBe(401);
      expect(newest.body.error.code).toBe('AUTH_TOKEN_INVALID');
    });

    it('stop working after logout, and so does that session\'s access token', async () => {
      const member = await the.member();
      const other = await the.signIn(member.email, member.password);
      const out = await api('POST', '/api/v1/auth/logout', { token: member.accessToken });
      expect(out.status).toBe(204);
      const refresh = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect(refresh.status).toBe(401);
      await eventually(async () => (await api('GET', '/api/v1/me', { token: member.accessToken })).status === 401, 2000, 10);
      // Her other session is untouched.
      expect((await api('GET', '/api/v1/me', { token: other.accessToken })).status).toBe(200);
    });

    it('let only one of several simultaneous uses of a token through, and end the session', async () => {
      const member = await the.member();
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } })),
      );
      const ok = answers.filter((a) => a.status === 200);
      expect(ok.length).toBeLessThanOrEqual(1);
      // Whatever won the race, the session is over: its newest token does not work either.
      for (const winner of ok) {
        expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: winner.body.refreshToken } })).status).toBe(401);
      }
    });

    it('cut off a copied refresh token\'s session at once, access token included', async () => {
      const member = await the.member();
      const rotated = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } })).status).toBe(401);
      await eventually(async () => (await api('GET', '/api/v1/me', { token: rotated.body.accessToken })).status === 401, 2000, 10);
    });
  });

  describe('sessions', () => {
    it('lists her sessions and ends one; another member cannot end it', async () => {
      const member = await the.member();
      const phone = await the.signIn(member.email, member.password, { 'user-agent': 'WEOP-Android/1.0' });
      const list = await api('GET', '/api/v1/me/sessions', { token: member.accessToken });
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      const phoneSession = list.body.items.find((s: { current: boolean; userAgent: string }) => s.userAgent === 'WEOP-Android/1.0');
      expect(phoneSession.current).toBe(false);

      const stranger = await the.member();
      const theirs = await api('DELETE', `/api/v1/me/sessions/${phoneSession.id}`, { token: stranger.accessToken });
      expect(theirs.status).toBe(404);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: phone.refreshToken } })).status).toBe(200);

      const ended = await api('DELETE', `/api/v1/me/sessions/${phoneSession.id}`, { token: member.accessToken });
      expect(ended.status).toBe(204);
      // The phone is cut off now, not when its access token runs out (a lost or taken phone).
      await eventually(async () => (await api('GET', '/api/v1/me', { token: phone.accessToken })).status === 401, 2000, 10);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: phone.refreshToken } })).status).toBe(401);
      const after = await api('GET', '/api/v1/me/sessions', { token: member.accessToken });
      expect(after.body.items).toHaveLength(1);
    });

    it('pages her sessions, most recently used first, each once', async () => {
      const member = await the.member();
      for (const device of ['Tablet', 'Laptop', 'Phone', 'Kiosk']) await the.signIn(member.email, member.password, { 'user-agent': `WEOP-${device}/1.0` });
      const first = await api('GET', '/api/v1/me/sessions?limit=2', { token: member.accessToken });
      expect(first.status).toBe(200);
      expect(first.body.items.map((s: { userAgent: string }) => s.userAgent)).toEqual(['WEOP-Kiosk/1.0', 'WEOP-Phone/1.0']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await api('GET', `/api/v1/me/sessions?limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`, { token: member.accessToken });
      const third = await api('GET', `/api/v1/me/sessions?limit=2&cursor=${encodeURIComponent(second.body.nextCursor as string)}`, { token: member.accessToken });
      const ids = [...first.body.items, ...second.body.items, ...third.body.items].map((s: { id: string }) => s.id);
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
      expect(third.body.nextCursor).toBeNull();
      expect((await api('GET', '/api/v1/me/sessions?limit=0', { token: member.accessToken })).status).toBe(400);
      expect((await api('GET', '/api/v1/me/sessions?cursor=not-a-cursor', { token: member.accessToken })).status).toBe(400);
    });
  });

  describe('profiles', () => {
    it('shows other members her public fields only, and the legal name only when she chose to', async () => {
      const member = await the.member({ fullName: 'Gulnara Sadykova', displayName: 'Gulya', country: 'KG' });
      const viewer = await the.member();
      const before = await api('GET', `/api/v1/profiles/${member.id}`, { token: viewer.accessToken });
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ id: member.id, displayName: 'Gulya', country: 'KG', badges: [] });
      expect(before.body.fullName).toBeUndefined();
      expect(JSON.stringify(before.body)).not.toContain(member.email);

      const patch = await api('PATCH', '/api/v1/me/profile', {
        token: member.accessToken,
        body: { showLegalName: true, bio: 'Agronomist in Osh.', languages: ['ky', 'ru'], expertise: ['agriculture'], city: 'Osh', organization: 'Women Farmers KG' },
      });
      expect(patch.status).toBe(200);
      const after = await api('GET', `/api/v1/profiles/${member.id}`, { token: viewer.accessToken });
      expect(after.body).toMatchObject({ fullName: 'Gulnara Sadykova', bio: 'Agronomist in Osh.', languages: ['ky', 'ru'], organization: 'Women Farmers KG' });
      // Her city narrows down where she lives: shown only once she chooses to show it.
      expect(after.body.city).toBeNull();
      expect((await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { showCity: true } })).status).toBe(200);
      expect((await api('GET', `/api/v1/profiles/${member.id}`, { token: viewer.accessToken })).body.city).toBe('Osh');
    });

    it('refuses a bad edit and changes nothing', async () => {
      const member = await the.member();
      await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'Before' } });
      const bad = await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'After', languages: ['not a language'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('languages');
      const seen = await api('GET', `/api/v1/profiles/${member.id}`, { token: member.accessToken });
      expect(seen.body.bio).toBe('Before');
    });

    it.each(['fullName', 'displayName', 'bio', 'organization', 'city', 'expertise', 'languages', 'showLegalName', 'listedInDirectory'])(
      'refuses %s sent as null with the field named, and changes nothing',
      async (field) => {
        const member = await the.member();
        await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'Before' } });
        const bad = await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'After', [field]: null } });
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
        const seen = await api('GET', `/api/v1/profiles/${member.id}`, { token: member.accessToken });
        expect(seen.body.bio).toBe('Before');
      },
    );

    it('needs a signed-in caller and answers 404 for an unknown or malformed id', async () => {
      const viewer = await the.member();
      expect((await api('GET', `/api/v1/profiles/${viewer.id}`)).status).toBe(401);
      expect((await api('GET', '/api/v1/profiles/00000000-0000-4000-8000-000000000000', { token: viewer.accessToken })).status).toBe(404);
      expect((await api('GET', '/api/v1/profiles/not-a-uuid', { token: viewer.accessToken })).status).toBe(400);
    });
  });

  describe('her own data', () => {
    it('exports what identity holds without secrets', async () => {
      const member = await the.member();
      const exported = await api('GET', '/api/v1/me/export', { token: member.accessToken });
      expect(exported.status).toBe(200);
      const identity = exported.body.services.identity;
      expect(identity.account.email).toBe(member.email);
      expect(identity.profile.fullName).toBe('Nargiza Karimova');
      expect(identity.sessions.length).toBeGreaterThan(0);
      const text = JSON.stringify(exported.body);
      expect(text).not.toMatch(/argon2|passwordHash|tokenHash|refreshToken/);
    });

    it('exports the profile reports she filed, without the other member\'s profile; the reported member\'s export has none of them', async () => {
      const reporter = await the.member();
      const reported = await the.member();
      const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: reported.id }, guideline: 'be-real', details: 'Not who she says.' } });
      expect(filed.status).toBe(202);
      const mine = (await api('GET', '/api/v1/me/export', { token: reporter.accessToken })).body.services.identity;
      expect(mine.reportsFiled).toEqual([expect.objectContaining({ subject: { type: 'profile', id: reported.id }, guideline: 'be-real', details: 'Not who she says.' })]);
      expect(JSON.stringify(mine.reportsFiled)).not.toContain('Nargiza');
      expect(mine.reportsFiled[0]).not.toHaveProperty('snapshot');
      const theirs = (await api('GET', '/api/v1/me/export', { token: reported.accessToken })).body.services.identity;
      expect(theirs.reportsFiled).toEqual([]);
    });

    it('counts a wrong password given to delete the account like a failed sign-in, so a taken token cannot guess it faster', async () => {
      const member = await the.member();
      const thief = { 'x-forwarded-for': '203.0.113.9' };
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await api('DELETE', '/api/v1/me', { token: member.accessToken, body: { password: `Guess-number-${i}-yy` }, headers: thief })).status);
      }
      expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
      const paused = await api('DELETE', '/api/v1/me', { token: member.accessToken, body: { password: member.password }, headers: thief });
      expect({ status: paused.status, code: paused.body.error.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(0);
      // The same counts as signing in: that address is paused for her sign-in too; her account is untouched.
      expect((await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, headers: thief })).status).toBe(429);
      expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);
    });

    it('deletes the account: her token, sessions and sign-in stop working', async () => {
      const member = await the.member();
      // A token alone is not enough: her password is asked again, and a wrong one deletes nothing.
      const noPassword = await api('DELETE', '/api/v1/me', { token: member.accessToken });
      expect({ status: noPassword.status, code: noPassword.body.error.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const wrong = await api('DELETE', '/api/v1/me', { token: member.accessToken, body: { password: 'Not-her-password-77' } });
      expect({ status: wrong.status, code: wrong.body.error.code, field: wrong.body.error.details[0].field }).toEqual({ status: 422, code: 'PASSWORD_INCORRECT', field: 'password' });
      expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);
      const deleted = await api('DELETE', '/api/v1/me', { token: member.accessToken, body: { password: member.password } });
      expect(deleted.status).toBe(204);
      // Nothing in identity's tables still names her email (a later sign-in attempt with it is counted
      // like any unknown email's, and purged after the 15-minute window).
      const db = new Client({ connectionString: await platform.scope.database('identity') });
      await db.connect();
      try {
        for (const table of ['account', 'login_throttle']) {
          const { rows } = await db.query(`select count(*)::int as n from ${table} t where t::text ilike $1`, [`%${member.email}%`]);
          expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
        }
      } finally {
        await db.end();
      }
      await eventually(async () => (await api('GET', '/api/v1/me', { token: member.accessToken })).status === 401, 3000);
      expect((await api('POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password } })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } })).status).toBe(401);
    });
  });

  describe('the gateway itself', () => {
    it('echoes the caller\'s correlation id and makes one otherwise', async () => {
      const mine = await api('GET', '/health/live', { headers: { 'x-correlation-id': 'trace-abc-123' } });
      expect(mine.headers.get('x-correlation-id')).toBe('trace-abc-123');
      const made = await api('GET', '/api/v1/nothing-here');
      expect(made.status).toBe(404);
      expect(made.body.correlationId).toBe(made.headers.get('x-correlation-id'));
    });

    it('with no web app origins configured, gives a browser on another origin no CORS permission, and answers its preflight 404', async () => {
      const call = await fetch(`${platform.baseUrl}/health/live`, { headers: { origin: 'https://elsewhere.example' } });
      expect(call.status).toBe(200);
      expect(call.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${platform.baseUrl}/api/v1/me`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await preflight.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    });

    it('counts requests per route pattern (gateway) and per subject (identity) for Prometheus', async () => {
      const member = await the.member();
      await api('GET', `/api/v1/profiles/${member.id}`, { token: member.accessToken });
      const gateway = await api('GET', '/metrics');
      expect(gateway.status).toBe(200);
      expect(gateway.body).toMatch(/weop_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/profiles\/:id"[^}]*\} [1-9]/);
      expect(gateway.body).not.toContain(member.id);
      const identityPort = (platform.identity!.getHttpServer().address() as { port: number }).port;
      const identity = await (await fetch(`http://127.0.0.1:${identityPort}/metrics`)).text();
      expect(identity).toMatch(/weop_nats_request_duration_seconds_count\{[^}]*subject="[^"]*identity\.profiles\.get"[^}]*outcome="answered"[^}]*\} [1-9]/);
      expect(identity).toMatch(/weop_events_published_total\{[^}]*subject="identity\.account\.registered\.v1"[^}]*\} [1-9]/);
    });

    it('serves the OpenAPI document generated from the code', async () => {
      const doc = await api('GET', '/api/docs-json');
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/register', '/api/v1/me', '/api/v1/profiles/{id}']));
      // Request bodies come from the DTOs, and every route documents the error envelope.
      expect(doc.body.components.schemas.RegisterRequest.required).toEqual(expect.arrayContaining(['email', 'password', 'fullName', 'country']));
      expect(doc.body.paths['/api/v1/me'].get.responses['403'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorEnvelope');
      // The answers a client must handle besides success are all there: not found, state conflicts, size, media type, rules.
      expect(Object.keys(doc.body.paths['/api/v1/profiles/{id}'].get.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '422', '429', '503']));
    });

    it('is ready while identity answers and says which service is down otherwise', async () => {
      expect((await api('GET', '/health/ready')).status).toBe(200);
      const member = await the.member();
      await platform.stopIdentity();
      try {
        const ready = await api('GET', '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.services.identity).toBe('down');
        const me = await api('GET', '/api/v1/me', { token: member.accessToken });
        expect(me.status).toBe(503);
        expect(me.body.error.code).toBe('SERVICE_UNAVAILABLE');
      } finally {
        await platform.startIdentity();
      }
      expect((await api('GET', '/api/v1/me', { token: member.accessToken })).status).toBe(200);
    });
  });
});
