import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { AccessGuard, restrictionOf } from './access.guard';
import type { SigningKeysService } from './signing-keys.service';
import { StatusReplica } from './status-replica.service';
import type { ReplicaEntry } from './status-replica.service';

const entry = (over: Partial<ReplicaEntry>): ReplicaEntry => ({ status: 'active', until: null, reason: null, statusVersion: 1, rolesVersion: 0, ...over });

describe('restrictionOf', () => {
  it('lets an active or unknown account through', () => {
    expect(restrictionOf(undefined)).toBeUndefined();
    expect(restrictionOf(entry({}))).toBeUndefined();
  });

  it('refuses a suspension in force with its details, and not one that has ended', () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const refused = restrictionOf(entry({ status: 'suspended', until, reason: { sanctionId: 's-1', guideline: 'respect', statement: 'Insults.' } }));
    expect(refused?.code).toBe('ACCOUNT_SUSPENDED');
    expect(refused?.details).toEqual([{ sanctionId: 's-1', kind: 'suspension', until, guideline: 'respect', statement: 'Insults.' }]);
    expect(restrictionOf(entry({ status: 'suspended', until: new Date(Date.now() - 1).toISOString() }))).toBeUndefined();
  });

  it('refuses an expelled account', () => {
    expect(restrictionOf(entry({ status: 'expelled' }))?.code).toBe('ACCOUNT_EXPELLED');
  });
});

describe('StatusReplica', () => {
  const replica = new StatusReplica(...([undefined, undefined, undefined, undefined, { STATUS_RESYNC_SECONDS: 300 }] as unknown as ConstructorParameters<typeof StatusReplica>));
  const id = '2b1f7c0e-9a51-4d0f-9d1e-0c4f3e6b7a11';

  it('keeps the newest status whatever order events arrive in', () => {
    replica.applyStatus({ accountId: id, status: 'suspended', until: null, version: 5, reason: null });
    replica.applyStatus({ accountId: id, status: 'active', until: null, version: 4, reason: null });
    expect(replica.get(id)?.status).toBe('suspended');
    replica.applyStatus({ accountId: id, status: 'active', until: null, version: 7, reason: null });
    expect(replica.get(id)?.status).toBe('active');
  });

  it('tracks roles apart from status, each by its own newest version', () => {
    replica.applyRoles({ accountId: id, roles: ['member', 'moderator'], version: 8 });
    replica.applyRoles({ accountId: id, roles: ['member'], version: 6 });
    expect(replica.get(id)?.roles).toEqual(['member', 'moderator']);
    expect(replica.get(id)?.status).toBe('active');
  });
});

describe('AccessGuard', () => {
  const tokenWithKid = (kid: string): string =>
    `${Buffer.from(JSON.stringify({ alg: 'ES256', kid })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.sig`;
  const contextWith = (authorization: string): ExecutionContext =>
    ({
      getHandler: () => () => undefined,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
    }) as unknown as ExecutionContext;

  it('answers 503 when identity cannot be asked for the token\'s key, not 401', async () => {
    const keys = { knownKey: () => undefined, publicKeyFor: () => Promise.reject(new Error('no responders')) } as unknown as SigningKeysService;
    const replica = { ready: true } as unknown as StatusReplica;
    const guard = new AccessGuard(new Reflector(), replica, keys);
    await expect(guard.canActivate(contextWith(`Bearer ${tokenWithKid('k-1')}`))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
