/**
 * Blocks for tests: `block` and `unblock` make one member block or unblock another through identity
 * (`POST /blocks`, `DELETE /blocks/{memberId}` with the blocker's token) and return once every running
 * service's projection shows it, so the next request meets the block. `deliverBlockEvent` plays one
 * event as given instead (a late or out-of-order version), for what identity never sends on purpose.
 */
import { Client } from 'pg';
import { BlockCreatedV1, BlockRemovedV1 } from '@weop/contracts';
import { eventually } from '@weop/testing';
import { publishEvent } from './events';
import type { SignedIn } from './given';
import type { Platform } from './platform';

type Someone = SignedIn | { id: string };

/** The services that keep the blocks projection, when the suite started them. */
const PROJECTING: { service: string; running: (p: Platform) => boolean }[] = [
  { service: 'content', running: (p) => Boolean(p.content) },
  { service: 'mentorship', running: (p) => Boolean(p.mentorship) },
  { service: 'awards', running: (p) => Boolean(p.awards) },
  { service: 'community', running: (p) => Boolean(p.community) },
];

/** The pair's change counter, as identity keeps it: each block or unblock of the pair is the next version. */
const versions = new Map<string, number>();
export const nextVersion = (blockerId: string, blockedId: string): number => {
  const key = `${blockerId}:${blockedId}`;
  const version = (versions.get(key) ?? 0) + 1;
  versions.set(key, version);
  return version;
};

export async function block(platform: Platform, blocker: SignedIn, blocked: Someone): Promise<void> {
  const answer = await fetch(`${platform.baseUrl}/api/v1/blocks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${blocker.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ memberId: blocked.id }),
  });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`POST /blocks answered ${answer.status}: ${await answer.text()}`);
  await inForce(platform, blocker.id, blocked.id, true);
}

export async function unblock(platform: Platform, blocker: SignedIn, blocked: Someone): Promise<void> {
  const answer = await fetch(`${platform.baseUrl}/api/v1/blocks/${blocked.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${blocker.accessToken}` } });
  if (answer.status !== 204) throw new Error(`DELETE /blocks answered ${answer.status}: ${await answer.text()}`);
  await inForce(platform, blocker.id, blocked.id, false);
}

/** Waits until every running service that projects blocks shows the pair blocked (or no longer). */
function inForce(platform: Platform, blockerId: string, blockedId: string, active: boolean): Promise<void> {
  return inEveryProjection(platform, async (db) => {
    const rows = await db.query<{ active: boolean }>('select active from block_projection where blocker_id = $1 and blocked_id = $2', [blockerId, blockedId]);
    return (rows.rows[0]?.active ?? false) === active;
  });
}

/** Waits until every running service that projects blocks holds this version of the pair (or a newer one). */
export function applied(platform: Platform, blockerId: string, blockedId: string, version: number): Promise<void> {
  return inEveryProjection(platform, async (db) => {
    const rows = await db.query<{ version: number }>('select version from block_projection where blocker_id = $1 and blocked_id = $2', [blockerId, blockedId]);
    return (rows.rows[0]?.version ?? 0) >= version;
  });
}

/**
 * Plays one block event exactly as given (any version, any order) and waits until every projecting
 * service has consumed it, applied or not: for proving what a late or out-of-order event does.
 */
export async function deliverBlockEvent(platform: Platform, subject: typeof BlockCreatedV1.subject | typeof BlockRemovedV1.subject, payload: BlockCreatedV1): Promise<void> {
  const eventId = await publishEvent(platform.scope, subject, payload);
  await inEveryProjection(platform, async (db) => ((await db.query('select 1 from inbox_entry where event_id = $1', [eventId])).rowCount ?? 0) > 0);
}

async function inEveryProjection(platform: Platform, done: (db: Client) => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const { service } of PROJECTING.filter((s) => s.running(platform))) {
    const db = new Client({ connectionString: await platform.scope.database(service) });
    await db.connect();
    try {
      const projects = await db.query("select 1 from information_schema.tables where table_name = 'block_projection'");
      if (projects.rowCount === 0) continue;
      await eventually(async () => ((await done(db)) ? true : undefined), timeoutMs);
    } finally {
      await db.end();
    }
  }
}
