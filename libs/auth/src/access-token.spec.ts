import { principalFromClaims } from './access-token';

const valid = { typ: 'access', sub: '2b1f7c0e-9a51-4d0f-9d1e-0c4f3e6b7a11', sid: '9c1f7c0e-9a51-4d0f-9d1e-0c4f3e6b7a22', roles: ['member'], iat: 1, exp: 901 };

describe('principalFromClaims', () => {
  it('reads an access token\'s caller', () => {
    expect(principalFromClaims(valid)).toEqual({ accountId: valid.sub, sessionId: valid.sid, roles: ['member'], issuedAt: 1, exp: 901 });
  });

  it.each([
    ['another token type', { ...valid, typ: 'refresh' }],
    ['no type', { ...valid, typ: undefined }],
    ['a subject that is not an id', { ...valid, sub: 'admin' }],
    ['no session', { ...valid, sid: undefined }],
    ['an unknown role', { ...valid, roles: ['member', 'root'] }],
    ['roles that are not a list', { ...valid, roles: 'admin' }],
    ['no expiry', { ...valid, exp: undefined }],
  ])('refuses %s', (_what, claims) => {
    expect(principalFromClaims(claims)).toBeUndefined();
  });
});
