/** Test data through the public API, as a member would create it. */
import { randomBytes } from 'node:crypto';
import type { Role } from '@weop/contracts';
import type { Api } from './http';
import { ADMIN } from './platform';

export interface SignedIn {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export function given(api: Api) {
  const signIn = async (email: string, password: string, headers: Record<string, string> = {}): Promise<SignedIn> => {
    const login = await api('POST', '/api/v1/auth/login', { body: { email, password }, headers });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    return { id: login.body.account.id, email, password, accessToken: login.body.accessToken, refreshToken: login.body.refreshToken };
  };
  const member = async (overrides: Record<string, unknown> = {}): Promise<SignedIn> => {
    const email = `member-${randomBytes(4).toString('hex')}@example.org`;
    const password = `Steppe-${randomBytes(6).toString('hex')}-Wind`;
    const registered = await api('POST', '/api/v1/auth/register', {
      body: { email, password, fullName: 'Nargiza Karimova', country: 'UZ', ...overrides },
    });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
    return signIn(email, password);
  };
  return {
    signIn,
    member,
    admin(): Promise<SignedIn> {
      return signIn(ADMIN.email, ADMIN.password);
    },
    /** A new member given a staff role (or several) by the first admin, signed in again so her token carries them. */
    async staff(roles: Role | readonly Role[], overrides: Record<string, unknown> = {}): Promise<SignedIn> {
      const created = await member(overrides);
      const admin = await signIn(ADMIN.email, ADMIN.password);
      for (const role of typeof roles === 'string' ? [roles] : roles) {
        const granted = await api('POST', `/api/v1/admin/users/${created.id}/roles`, { token: admin.accessToken, body: { role } });
        if (granted.status >= 300) throw new Error(`granting ${role} failed: ${granted.status} ${JSON.stringify(granted.body)}`);
      }
      return signIn(created.email, created.password);
    },
  };
}
