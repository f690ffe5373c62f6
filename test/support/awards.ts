/** Awards test data through the public API (and identity's verification event, played by the test). */
import { randomUUID } from 'node:crypto';
import { eventually } from '@weop/testing';
import { publishEvent } from './events';
import type { SignedIn } from './given';
import { given } from './given';
import type { Api } from './http';
import type { Platform } from './platform';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const ACHIEVEMENTS =
  'Set up legal aid desks for rural women in three districts, trained sixty volunteer paralegals and persuaded the district council to fund a shelter.';

export function awardsGiven(api: Api, platform: Platform) {
  const the = given(api);
  let adminToken: string | undefined;
  const admin = async (): Promise<string> => (adminToken ??= (await the.admin()).accessToken);
  const withRole = async (role: string, overrides: Record<string, unknown> = {}): Promise<SignedIn> => {
    const m = await the.member(overrides);
    const granted = await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: await admin(), body: { role } });
    if (granted.status !== 204) throw new Error(`granting ${role} failed: ${granted.status}`);
    return the.signIn(m.email, m.password);
  };
  return {
    the,
    awardsAdmin: (overrides: Record<string, unknown> = {}) => withRole('awards-admin', overrides),
    judge: (overrides: Record<string, unknown> = {}) => withRole('judge', overrides),
    /** A member whose identity verification was approved (identity's event, as identity would publish it). */
    async verifiedMember(overrides: Record<string, unknown> = {}): Promise<SignedIn> {
      const m = await the.member(overrides);
      await publishEvent(platform.scope, 'identity.verification.approved.v1', { accountId: m.id, requestId: randomUUID(), kind: 'identity', approvedAt: new Date().toISOString() });
      return m;
    },
    /** A cycle whose nominations are open now (closing in a week). */
    async openCycle(adminOf: SignedIn, year: number, extra: Record<string, unknown> = {}): Promise<string> {
      const created = await api('POST', '/api/v1/awards/cycles', {
        token: adminOf.accessToken,
        body: { year, nominationsOpenAt: new Date(Date.now() - HOUR).toISOString(), nominationsCloseAt: new Date(Date.now() + 7 * DAY).toISOString(), ...extra },
      });
      if (created.status !== 201) throw new Error(`cycle failed: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id as string;
    },
    /** Nominates once awards knows she is verified (the event may take a moment to arrive). */
    async nominate(nominator: SignedIn, cycleId: string, body: Record<string, unknown>) {
      return eventually(async () => {
        const answer = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body });
        return answer.status === 403 && answer.body.error.code === 'VERIFICATION_REQUIRED' ? undefined : answer;
      }, 5000);
    },
    national(name: string, country: string, more: Record<string, unknown> = {}, kind: 'individual' | 'organization' = 'organization') {
      return { category: 'national', nominee: { kind, name, country, ...more }, achievements: ACHIEVEMENTS };
    },
  };
}
