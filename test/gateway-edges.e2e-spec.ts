/**
 * The gateway's own behaviour: rate limits by client address, proxy trust, CORS and security headers,
 * and what it does with input no route asked for (unknown query parameters and bodies, other content
 * types, JSON nested without end) and how it words a refusal.
 */
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

describe('gateway edges', () => {
  let platform: Platform;
  let api: Api;

  beforeAll(async () => {
    platform = await startPlatform('edges', {
      RATE_LIMIT_PER_MINUTE: '5',
      AUTH_RATE_LIMIT_PER_MINUTE: '3',
      WEOP_TRUST_PROXY: 'false',
      WEOP_CORS_ORIGINS: 'https://app.weop.example',
      WEOP_METRICS_TOKEN: 'scrape-secret-0123456789',
    });
    api = client(platform.baseUrl);
  });
  afterAll(() => platform.close());

  it('limits requests per address with RATE_LIMITED and Retry-After, and ignores X-Forwarded-For unless told to trust it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // A forged header must not give each request a fresh address.
      statuses.push((await api('GET', '/api/v1/me', { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const limited = await api('GET', '/api/v1/me');
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Health stays reachable for probes.
    expect((await api('GET', '/health/live')).status).toBe(200);
  });

  it('counts sign-ins against the tighter credential limit too, and tells the client where it stands on each', async () => {
    const attempt = (n: number) => api('POST', '/api/v1/auth/login', { body: { email: `nobody-${n}@edges.example.org`, password: 'Not-the-password-1' } });
    const first = await attempt(0);
    expect(first.status).toBe(401);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(first.headers.get('x-ratelimit-limit-auth')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining-auth')).toBe('2');
    expect((await attempt(1)).status).toBe(401);
    expect((await attempt(2)).status).toBe(401);
    const limited = await attempt(3);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after-auth'))).toBeGreaterThan(0);
    // A route without the credential limit carries only the general one.
    const other = await api('GET', '/api/v1/me/sessions');
    expect(other.status).toBe(401);
    expect(other.headers.get('x-ratelimit-limit')).toBe('5');
    expect(other.headers.get('x-ratelimit-limit-auth')).toBeNull();
  });

  it('answers the web app\'s origin and not others, with security headers', async () => {
    const allowed = await fetch(`${platform.baseUrl}/health/live`, { headers: { origin: 'https://app.weop.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.weop.example');
    const other = await fetch(`${platform.baseUrl}/health/live`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('strict-transport-security')).toContain('max-age');
    expect(allowed.headers.get('x-frame-options')).toBe('DENY');
    // Nothing of a member's data stays in a cache on a shared device.
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    const docs = await fetch(`${platform.baseUrl}/api/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('shows metrics only to the scraper holding the metrics token', async () => {
    expect((await api('GET', '/metrics')).status).toBe(403);
    expect((await api('GET', '/metrics', { headers: { authorization: 'Bearer wrong-secret-0123456789' } })).status).toBe(403);
    const scraped = await api('GET', '/metrics', { headers: { authorization: 'Bearer scrape-secret-0123456789' } });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('weop_http_request_duration_seconds');
  });
});

describe('behind load balancers that append to X-Forwarded-For (WEOP_TRUST_PROXY=1)', () => {
  let platform: Platform;
  let api: Api;

  beforeAll(async () => {
    platform = await startPlatform('hops', { WEOP_TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '3' });
    api = client(platform.baseUrl);
  });
  afterAll(() => platform.close());

  it('takes the address the load balancer saw, not one the client wrote first', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // The client forges the first entry each time; the balancer appends the real address.
      statuses.push((await api('GET', '/api/v1/me', { headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another real client behind the same balancer is not affected.
    expect((await api('GET', '/api/v1/me', { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.10' } })).status).toBe(401);
  });
});

describe('input the routes did not ask for', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;
  let member: SignedIn;

  beforeAll(async () => {
    platform = await startPlatform('input');
    api = client(platform.baseUrl);
    the = given(api);
    member = await the.member();
    expect((await api('PATCH', '/api/v1/me/profile', { token: member.accessToken, body: { bio: 'Agronomist in Osh' } })).status).toBe(200);
  });
  afterAll(() => platform.close());

  const bio = async (): Promise<string> => (await api('GET', `/api/v1/profiles/${member.id}`, { token: member.accessToken })).body.bio;
  const refusal = (answer: { status: number; body: { error: { code: string; details: unknown[] } } }) => ({ status: answer.status, code: answer.body.error?.code, details: answer.body.error?.details });
  const send = async (method: string, path: string, body: string | FormData, contentType?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${member.accessToken}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(`${platform.baseUrl}${path}`, { method, headers, body });
    return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; details: unknown[] } } };
  };

  it('refuses query parameters on routes that take none, naming the parameter', async () => {
    for (const path of ['/api/v1/me?foo=bar', `/api/v1/profiles/${member.id}?x=1`, '/api/v1/me/export?x=1']) {
      const answer = await api('GET', path, { token: member.accessToken });
      expect({ path, ...refusal(answer) }).toMatchObject({ path, status: 400, code: 'VALIDATION_FAILED', details: [{ field: path.endsWith('foo=bar') ? 'foo' : 'x' }] });
      expect(answer.body.error.details[0].problem).toMatch(/not expected/);
    }
    // Routes with a query keep taking theirs, and refuse the ones they do not know.
    expect((await api('GET', '/api/v1/me/blocks?limit=5', { token: member.accessToken })).status).toBe(200);
    expect(refusal(await api('GET', '/api/v1/me/blocks?limit=5&sort=asc', { token: member.accessToken }))).toMatchObject({ status: 400, details: [{ field: 'sort' }] });
    expect(refusal(await api('GET', '/api/v1/me/sessions?x=1', { token: member.accessToken }))).toMatchObject({ status: 400, details: [{ field: 'x' }] });
    // Probes outside the API are left alone.
    expect((await api('GET', '/health/live?probe=1')).status).toBe(200);
  });

  it('refuses a body on a route that takes none, and changes nothing', async () => {
    const session = await the.signIn(member.email, member.password);
    const refused = await api('POST', '/api/v1/auth/logout', { token: session.accessToken, body: { foo: 1 } });
    expect(refusal(refused)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'foo' }] });
    // Not logged out: the session's refresh token still works.
    const refreshed = await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refusal(await api('DELETE', '/api/v1/me/photo', { token: member.accessToken, body: ['x'] }))).toMatchObject({ status: 400, details: [{ field: 'body' }] });
    // An empty object or no body at all is no body.
    expect((await api('POST', '/api/v1/auth/logout', { token: refreshed.body.accessToken, body: {} })).status).toBe(204);
    expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } })).status).toBe(401);
  });

  it('takes JSON bodies only as application/json, and answers other types with 415', async () => {
    for (const [body, type] of [
      ['bio=changed', 'application/x-www-form-urlencoded'],
      ['{"bio":"changed"}', 'text/plain'],
      ['{"bio":"changed"}', 'application/xml'],
      ['{"bio":"changed"}', undefined],
    ] as const) {
      expect({ type, ...refusal(await send('PATCH', '/api/v1/me/profile', body, type)) }).toMatchObject({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const form = new FormData();
    form.append('bio', 'changed');
    expect(refusal(await send('PATCH', '/api/v1/me/profile', form))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await bio()).toBe('Agronomist in Osh');
    // Upload routes take multipart only.
    expect(refusal(await send('PUT', '/api/v1/me/photo', '{"photo":"x"}', 'application/json'))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    // JSON with its charset is JSON.
    expect((await send('PATCH', '/api/v1/me/profile', '{"city":"Osh"}', 'application/json; charset=utf-8')).status).toBe(200);
  });

  it('refuses JSON nested deeper than 32 levels with 400, never a 500', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const [method, path, body] of [
      ['PATCH', '/api/v1/me/profile', deep],
      ['PATCH', '/api/v1/me/profile', `{"bio":${deep}}`],
      ['PATCH', '/api/v1/me/profile', `{"languages":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}`],
      ['POST', '/api/v1/auth/logout', deep],
      ['POST', '/api/v1/auth/login', `{"email":${deep}}`],
    ] as const) {
      expect({ path, ...refusal(await send(method, path, body, 'application/json')) }).toMatchObject({ path, status: 400, code: 'VALIDATION_FAILED' });
    }
    const answer = await send('PATCH', '/api/v1/me/profile', `{"bio":${deep}}`, 'application/json');
    expect(answer.body.error.details).toEqual([{ field: expect.stringMatching(/^bio/), problem: 'is nested too deeply (at most 32 levels)' }]);
    expect(await bio()).toBe('Agronomist in Osh');
  });

  it('refuses a JSON null where a call takes an object, and changes nothing', async () => {
    for (const [method, path] of [['PATCH', '/api/v1/me/profile'], ['PUT', '/api/v1/me/notification-preferences'], ['POST', '/api/v1/auth/login']] as const) {
      expect({ path, ...refusal(await send(method, path, 'null', 'application/json')) }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'body', problem: 'must be an object' }] });
    }
    expect(await bio()).toBe('Agronomist in Osh');
  });

  it('answers what the router refuses before any route runs in the envelope, without echoing the URL', async () => {
    const long = 'x'.repeat(101);
    for (const [path, problem] of [
      [`/api/v1/profiles/${long}`, 'has a segment longer than 100 characters'],
      [`/api/v1/profiles/${member.id}/%E0%A4%A`, 'is not a valid URL (a percent-encoding is broken)'],
    ] as const) {
      const response = await fetch(`${platform.baseUrl}${path}`, { headers: { authorization: `Bearer ${member.accessToken}`, 'x-correlation-id': 'edge-router-probe' } });
      const text = await response.text();
      expect({ path, status: response.status, body: JSON.parse(text) as unknown }).toEqual({
        path,
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details: [{ field: 'path', problem }] }, correlationId: 'edge-router-probe' },
      });
      expect(text).not.toContain(long);
      expect(response.headers.get('x-correlation-id')).toBe('edge-router-probe');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    // A segment of 100 characters is still routed: an id that long is simply not one.
    expect(refusal(await api('GET', `/api/v1/profiles/${'x'.repeat(100)}`, { token: member.accessToken }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'id' }] });
  });

  it('names the problem that matters: a missing field is required, a wrong type is a wrong type', async () => {
    const empty = await api('POST', '/api/v1/auth/register', { body: {} });
    expect(refusal(empty)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(empty.body.error.details).toEqual(expect.arrayContaining([
      { field: 'email', problem: 'is required' },
      { field: 'password', problem: 'is required' },
      { field: 'fullName', problem: 'is required' },
      { field: 'country', problem: 'is required' },
    ]));
    expect(empty.body.error.details).toHaveLength(4);
    const typed = await api('POST', '/api/v1/auth/register', { body: { email: 42, password: ['x'], fullName: 'Aida', country: 'KZ' } });
    expect(typed.body.error.details).toEqual([{ field: 'email', problem: 'must be an email address' }, { field: 'password', problem: 'must be a string' }]);
    expect(refusal(await api('GET', '/api/v1/me/blocks?limit=abc', { token: member.accessToken }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'limit', problem: 'must be an integer number' }] });
    expect(refusal(await api('GET', '/api/v1/members?q=a&q=b', { token: member.accessToken }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'q', problem: 'must be a string' }] });
    // A range problem is still named when the type is right.
    expect(refusal(await api('GET', '/api/v1/me/blocks?limit=500', { token: member.accessToken }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', details: [{ field: 'limit', problem: 'must not be greater than 100' }] });
  });
});
