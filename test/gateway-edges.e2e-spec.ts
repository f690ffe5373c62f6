/** The gateway's own behaviour: rate limits by client address, proxy trust, CORS and security headers. */
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
