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

describe('StatusReplica.rebuild', () => {
  const id = '6f0e3c1a-2b4d-4e8f-9a7c-1d2e3f4a5b6c';
  const other = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const snapshotItem = (accountId: string, status: 'active' | 'suspended', version: number) => ({ accountId, status, until: null, version, roles: ['member'], reason: null });

  it('drops versions the restored identity no longer has, and keeps an event that arrives while it loads', async () => {
    let answer: (page: unknown) => void = () => undefined;
    const client = { request: () => new Promise((resolve) => (answer = resolve)) };
    const replica = new StatusReplica(...([client, undefined, undefined, logger, { STATUS_RESYNC_SECONDS: 300 }] as unknown as ConstructorParameters<typeof StatusReplica>));
    // What the gateway had seen before identity's database went back to an older backup.
    replica.applyStatus({ accountId: id, status: 'suspended', until: null, version: 9, reason: null });

    const rebuilding = replica.rebuild();
    // An event published while the snapshot is read: it must survive the swap.
    replica.applyStatus({ accountId: other, status: 'suspended', until: null, version: 3, reason: null });
    expect(replica.get(id)?.status).toBe('suspended'); // still served from the old map meanwhile
    answer({ items: [snapshotItem(id, 'active', 4), snapshotItem(other, 'active', 2)], next: null });
    expect(await rebuilding).toBe(2);

    expect(replica.get(id)).toMatchObject({ status: 'active', statusVersion: 4 });
    expect(replica.get(other)).toMatchObject({ status: 'suspended', statusVersion: 3 });
    // Identity's next change (version 5) is believed, which the old map (version 9) would have ignored.
    replica.applyStatus({ accountId: id, status: 'suspended', until: null, version: 5, reason: null });
    expect(replica.get(id)?.status).toBe('suspended');
  });

  it('keeps the replica it had when the snapshot cannot be read', async () => {
    const client = { request: () => Promise.reject(new Error('no responders')) };
    const replica = new StatusReplica(...([client, undefined, undefined, logger, { STATUS_RESYNC_SECONDS: 300 }] as unknown as ConstructorParameters<typeof StatusReplica>));
    replica.applyStatus({ accountId: id, status: 'suspended', until: null, version: 9, reason: null });
    await expect(replica.rebuild()).rejects.toThrow('no responders');
    expect(replica.get(id)).toMatchObject({ status: 'suspended', statusVersion: 9 });
    replica.applyStatus({ accountId: other, status: 'expelled', until: null, version: 1, reason: null });
    expect(replica.get(other)?.status).toBe('expelled');
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
