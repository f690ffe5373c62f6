import { VerifiedTokenCache } from './verified-token-cache';

const principal = { accountId: 'a', sessionId: 's', roles: ['member' as const] };

describe('VerifiedTokenCache', () => {
  it('answers until the token expires, then forgets it', () => {
    const cache = new VerifiedTokenCache();
    cache.set('t1', principal, 100);
    expect(cache.get('t1', 99_000)).toEqual(principal);
    expect(cache.get('t1', 100_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('hands out copies, so a caller changing roles does not change the cache', () => {
    const cache = new VerifiedTokenCache();
    cache.set('t1', principal, Date.now() / 1000 + 60);
    cache.get('t1')!.roles.push('admin');
    expect(cache.get('t1')!.roles).toEqual(['member']);
  });

  it('drops the oldest entry when full', () => {
    const cache = new VerifiedTokenCache(2);
    const later = Date.now() / 1000 + 60;
    cache.set('t1', principal, later);
    cache.set('t2', principal, later);
    cache.set('t3', principal, later);
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t3')).toEqual(principal);
  });
});
