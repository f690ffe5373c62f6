/**
 * Trust-safety's decisions reach the member however the platform fails (issue 4, "Reliability, proven"):
 * identity down when the decision is made, the sanction event delivered twice, trust-safety killed
 * between its commit and its publish, a suspension running out while identity is down. Identity and the
 * gateway run in this process; trust-safety runs from the build as a process of its own, so that it can
 * be killed with SIGKILL (no shutdown hook, no last flush). Needs `npm run build` (npm test runs it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JSONCodec, connect } from 'nats';
import { Client } from 'pg';
import { SanctionImposedV1, producerOf } from '@weop/contracts';
import type { EventEnvelope } from '@weop/contracts';
import { Naming } from '@weop/messaging';
import { eventually } from '@weop/testing';
import { readEvents } from './support/events';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

const TRUST_SAFETY_ENTRY = join(__dirname, '..', 'dist', 'apps', 'trust-safety', 'src', 'main.js');
const SANCTION_IMPOSED = SanctionImposedV1.subject;

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let moderator: SignedIn;
let trustSafety: ChildProcess | undefined;
let identityDb: Client;
let trustSafetyDb: Client;

const databaseUrl = (service: string): string => {
  const url = new URL(platform.scope.databaseServerUrl);
  url.pathname = `/${platform.scope.databasePrefix}_${service.replace(/-/g, '_')}`;
  return url.toString();
};

/** Trust-safety from the build, on this suite's database and NATS namespace; `env` adds settings. */
const startTrustSafety = async (env: Record<string, string> = {}): Promise<void> => {
  const { scope } = platform;
  const child = spawn(process.execPath, [TRUST_SAFETY_ENTRY], {
    env: {
      ...process.env,
      DATABASE_URL: scope.databaseServerUrl,
      WEOP_DATABASE_PREFIX: scope.databasePrefix,
      NATS_URL: scope.natsUrl,
      WEOP_NATS_NAMESPACE: scope.namespace,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: 'ignore',
  });
  trustSafety = child;
  // It answers through the gateway once its request server is up (the guidelines are trust-safety's).
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`trust-safety exited with code ${child.exitCode}`);
    return (await api('GET', '/api/v1/guidelines')).status === 200;
  }, 20_000, 100);
};

/** SIGKILL: the process ends where it stands, as in a crash or an OOM kill. */
const killTrustSafety = async (): Promise<void> => {
  const child = trustSafety;
  trustSafety = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGKILL');
  });
};

/** A member reports `member`'s profile; resolves to the case trust-safety opened about her. */
const caseAbout = async (member: SignedIn): Promise<string> => {
  const reporter = await the.member();
  const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'profile', id: member.id }, guideline: 'respect', details: 'Insults in messages' } });
  expect(filed.status).toBe(202);
  return eventually(async () => {
    const queue = await api('GET', '/api/v1/moderation/cases?limit=100', { token: moderator.accessToken });
    return (queue.body.items as { id: string; subject: { id: string } }[] | undefined)?.find((c) => c.subject.id === member.id)?.id;
  }, 10_000);
};

const suspend = (caseId: string, durationDays: number): Promise<Answer> =>
  api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, {
    token: moderator.accessToken,
    body: { action: 'suspend', guideline: 'respect', statement: 'Repeated insults against another member.', durationDays },
  });

/** Her next request answers 403 with the suspension (the gateway's replica learnt it from identity). */
const refusedAsSuspended = (member: SignedIn, timeoutMs = 10_000): Promise<Answer> =>
  eventually(async () => {
    const answer = await api('GET', '/api/v1/me/sessions', { token: member.accessToken });
    return answer.status === 403 && answer.body.error.code === 'ACCOUNT_SUSPENDED' ? answer : undefined;
  }, timeoutMs, 50);

const accountStatus = async (accountId: string): Promise<string> =>
  (await identityDb.query<{ status: string }>('select status from account where id = $1', [accountId])).rows[0].status;

const statusChanges = async (accountId: string): Promise<{ status: string; sanction_id: string | null }[]> =>
  (await identityDb.query<{ status: string; sanction_id: string | null }>(
    `select status, reason->>'sanctionId' as sanction_id from account_status_change where account_id = $1 order by changed_at`,
    [accountId],
  )).rows;

/** The outbox row that carries a sanction out of trust-safety. */
const sanctionOutboxRow = async (sanctionId: string): Promise<{ sent_at: Date | null } | undefined> =>
  (await trustSafetyDb.query<{ sent_at: Date | null }>(
    `select sent_at from outbox_message where subject = $1 and envelope->'payload'->>'sanctionId' = $2`,
    [SANCTION_IMPOSED, sanctionId],
  )).rows[0];

/**
 * Puts `envelope` on its stream again as a new message: the same event id, no Nats-Msg-Id, so
 * JetStream's de-duplication lets it through and only the consumer's inbox stands between it and a
 * second effect. Resolves to its stream sequence.
 */
const redeliver = async (envelope: EventEnvelope): Promise<number> => {
  const nc = await connect({ servers: platform.scope.natsUrl });
  try {
    const naming = new Naming(platform.scope.namespace);
    return (await nc.jetstream().publish(naming.event(envelope.subject), JSONCodec().encode(envelope))).seq;
  } finally {
    await nc.close();
  }
};

/** Resolves once `service`'s durable consumer of `subject` has acknowledged every message up to `seq`. */
const consumedUpTo = async (service: string, subject: string, seq: number): Promise<void> => {
  const nc = await connect({ servers: platform.scope.natsUrl });
  try {
    const naming = new Naming(platform.scope.namespace);
    const jsm = await nc.jetstreamManager();
    await eventually(async () => {
      const info = await jsm.consumers.info(naming.stream(producerOf(subject)), naming.durable(service, subject));
      return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
    }, 10_000, 50);
  } finally {
    await nc.close();
  }
};

beforeAll(async () => {
  if (!existsSync(TRUST_SAFETY_ENTRY)) throw new Error('Build first: npm run build (npm test does it)');
  platform = await startPlatform('ts-reliability', { WEOP_SERVICES: 'identity,trust-safety' });
  await platform.scope.database('trust-safety');
  api = client(platform.baseUrl);
  the = given(api);
  identityDb = new Client({ connectionString: databaseUrl('identity') });
  trustSafetyDb = new Client({ connectionString: databaseUrl('trust-safety') });
  await Promise.all([identityDb.connect(), trustSafetyDb.connect()]);
  await startTrustSafety();
  const admin = await the.admin();
  const candidate = await the.member({ displayName: 'Moderator' });
  expect((await api('POST', `/api/v1/admin/users/${candidate.id}/roles`, { token: admin.accessToken, body: { role: 'moderator' } })).status).toBe(204);
  moderator = await the.signIn(candidate.email, candidate.password);
  await eventually(async () => (await api('GET', '/api/v1/moderation/cases', { token: moderator.accessToken })).status === 200, 5000);
}, 60_000);

afterAll(async () => {
  await killTrustSafety();
  await Promise.all([identityDb?.end(), trustSafetyDb?.end()]);
  await platform?.close();
});

it('enforces a suspension decided while identity was down as soon as identity is back', async () => {
  const member = await the.member();
  const caseId = await caseAbout(member);
  await platform.stopIdentity();
  let sanctionId: string;
  try {
    const decided = await suspend(caseId, 3);
    expect(decided.status).toBe(201);
    sanctionId = decided.body.sanctionId;
    // The sanction left trust-safety (JetStream acknowledged it) while nobody could apply it.
    await eventually(async () => Boolean((await sanctionOutboxRow(sanctionId))?.sent_at), 5000);
    expect(await accountStatus(member.id)).toBe('active');
  } finally {
    await platform.startIdentity();
  }
  const refused = await refusedAsSuspended(member);
  expect(refused.body.error.details[0]).toMatchObject({ kind: 'suspension', sanctionId, guideline: 'respect' });
  expect(await statusChanges(member.id)).toEqual([{ status: 'suspended', sanction_id: sanctionId }]);
});

it('applies a sanction event delivered twice once: one status change, one announcement, her sessions ended once', async () => {
  const member = await the.member();
  const decided = await suspend(await caseAbout(member), 2);
  expect(decided.status).toBe(201);
  await refusedAsSuspended(member);
  // Suspended, she may still sign in (to read why and appeal): a session that a second application would end.
  const after = await the.signIn(member.email, member.password);

  const [event] = (await readEvents(platform.scope, SANCTION_IMPOSED)).filter((e) => e.payload.sanctionId === decided.body.sanctionId);
  expect(event).toBeDefined();
  const seq = await redeliver(event);
  await consumedUpTo('identity', SANCTION_IMPOSED, seq);

  expect(await statusChanges(member.id)).toEqual([{ status: 'suspended', sanction_id: decided.body.sanctionId }]);
  const announced = await identityDb.query(`select 1 from outbox_message where subject = 'identity.account.status-changed.v1' and envelope->'payload'->>'accountId' = $1`, [member.id]);
  expect(announced.rowCount).toBe(1);
  expect((await readEvents(platform.scope, 'identity.account.status-changed.v1')).filter((e) => e.payload.accountId === member.id)).toHaveLength(1);
  const ended = await identityDb.query('select id from session where account_id = $1 and revoked_at is not null', [member.id]);
  expect(ended.rowCount).toBe(1);
  // The session ended by the suspension stays ended; the one she opened afterwards still works.
  expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: member.refreshToken } })).status).toBe(401);
  expect((await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: after.refreshToken } })).status).toBe(200);
  const inbox = await identityDb.query('select 1 from inbox_entry where consumer = $1 and event_id = $2', ['identity', event.id]);
  expect(inbox.rowCount).toBe(1);
});

it('delivers a decision committed by a trust-safety killed before it could publish, once it starts again', async () => {
  const member = await the.member();
  const caseId = await caseAbout(member);
  // The same build, with its relay holding every row back for ten minutes: the window between commit and publish, held open.
  await killTrustSafety();
  await startTrustSafety({ WEOP_OUTBOX_PUBLISH_DELAY_MS: '600000' });
  const decided = await suspend(caseId, 5);
  expect(decided.status).toBe(201);
  // Committed: the decision's outbox row is there, not sent.
  expect(await sanctionOutboxRow(decided.body.sanctionId)).toEqual({ sent_at: null });

  await killTrustSafety();
  expect(await sanctionOutboxRow(decided.body.sanctionId)).toEqual({ sent_at: null });
  expect((await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).status).toBe(200);
  expect(await accountStatus(member.id)).toBe('active');

  // Started again as operators run it: its relay finds the row and the suspension reaches her.
  await startTrustSafety();
  const refused = await refusedAsSuspended(member, 15_000);
  expect(refused.body.error.details[0]).toMatchObject({ sanctionId: decided.body.sanctionId });
  expect((await sanctionOutboxRow(decided.body.sanctionId))?.sent_at).toBeInstanceOf(Date);
  expect(await statusChanges(member.id)).toEqual([{ status: 'suspended', sanction_id: decided.body.sanctionId }]);
}, 45_000);

it('lifts a suspension that ran out while identity was down as soon as identity is back', async () => {
  const member = await the.member();
  const decided = await suspend(await caseAbout(member), 1);
  expect(decided.status).toBe(201);
  await refusedAsSuspended(member);
  const session = await the.signIn(member.email, member.password);
  await platform.stopIdentity();
  try {
    // A day passes while identity is down. A test cannot wait a day (durationDays is at least 1), so the
    // stored end of her suspension is moved into the past in identity's own database instead.
    await identityDb.query(`update account set status_until = now() - interval '1 minute' where id = $1`, [member.id]);
    await identityDb.query(`update sanction_in_force set ends_at = now() - interval '1 minute' where sanction_id = $1`, [decided.body.sanctionId]);
    // Nothing lifts it while identity is down: the gateway still refuses her.
    expect((await api('GET', '/api/v1/me/sessions', { token: session.accessToken })).status).toBe(403);
  } finally {
    await platform.startIdentity();
  }
  await eventually(async () => (await api('GET', '/api/v1/me/sessions', { token: session.accessToken })).status === 200, 10_000, 50);
  expect(await accountStatus(member.id)).toBe('active');
  expect(await statusChanges(member.id)).toEqual([
    { status: 'suspended', sanction_id: decided.body.sanctionId },
    { status: 'active', sanction_id: null },
  ]);
});

it('keeps the longer of two suspensions when the shorter one is decided second (found by the fault-injection run)', async () => {
  const member = await the.member();
  const longer = await suspend(await caseAbout(member), 10);
  expect(longer.status).toBe(201);
  const until = (await refusedAsSuspended(member)).body.error.details[0].until as string;
  const shorter = await suspend(await caseAbout(member), 1);
  expect(shorter.status).toBe(201);
  // Wait until identity has applied the second sanction's event (its inbox holds the event id).
  const eventId = await eventually(async () => (await trustSafetyDb.query<{ id: string }>(`select id from outbox_message where subject = 'trust-safety.sanction.imposed.v1' and envelope->'payload'->>'sanctionId' = $1`, [shorter.body.sanctionId])).rows[0]?.id);
  await eventually(async () => (await identityDb.query('select 1 from inbox_entry where event_id = $1', [eventId])).rowCount === 1, 10_000);
  const refused = await api('GET', '/api/v1/me/sessions', { token: member.accessToken });
  expect(refused.body.error.details[0]).toMatchObject({ sanctionId: longer.body.sanctionId, until });
  expect(await statusChanges(member.id)).toEqual([{ status: 'suspended', sanction_id: longer.body.sanctionId }]);
});
