/** Creating the JetStream streams a service needs: its own event stream and the shared dead-letter stream. */
import { DiscardPolicy, RetentionPolicy, StorageType } from 'nats';
import type { JetStreamManager, StreamConfig } from 'nats';
import type { Naming } from './naming';

const DAY_NS = 24 * 60 * 60 * 1e9;

/** How long a producer's stream keeps an event: the longest a consumer can be delivered it again (event-history.ts). */
export const EVENT_STREAM_MAX_AGE_DAYS = 30;

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }, updateExisting = true): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    if (updateExisting) await jsm.streams.update(config.name, config);
  } catch (error) {
    if ((error as { code?: string }).code !== '404') throw error;
    try {
      await jsm.streams.add(config);
    } catch (addError) {
      // Another replica created it meanwhile.
      if (!/already in use|exists/i.test(String((addError as Error).message))) throw addError;
    }
  }
}

/** Whether a stream exists (404: not yet); any other failure is thrown. */
async function streamExists(jsm: JetStreamManager, name: string): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '404') return false;
    throw error;
  }
}

/** Whether a producer's event stream exists yet (a consumer never creates another producer's stream). */
export function eventStreamExists(jsm: JetStreamManager, naming: Naming, producer: string): Promise<boolean> {
  return streamExists(jsm, naming.stream(producer));
}

/**
 * The producer's stream: file-backed, kept 30 days, de-duplicating re-publishes by event id for 10 minutes.
 * `replicas`: copies kept by a NATS cluster (WEOP_STREAM_REPLICAS; 1 on one server, 3 in production).
 * Every service passes the same number, so whichever creates a stream creates it the same.
 * Only the producer creates and changes its stream, and its NATS user is the only one allowed to
 * (deploy/nats-authorization.js); `updateExisting: false` only creates a missing stream (test harnesses
 * and tools that play a producer).
 */
export async function ensureEventStream(jsm: JetStreamManager, naming: Naming, producer: string, replicas = 1, updateExisting = true): Promise<void> {
  await ensureStream(jsm, {
    name: naming.stream(producer),
    subjects: naming.streamSubjects(producer),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: EVENT_STREAM_MAX_AGE_DAYS * DAY_NS,
    duplicate_window: 10 * 60 * 1e9,
    num_replicas: replicas,
  }, updateExisting);
}

/**
 * The one service that creates the shared dead-letter stream and keeps its settings; every other
 * service only publishes its dead letters into it (and reads its own counts). deploy/nats-authorization.js
 * gives the stream's create and update rights to this service's NATS user (and the operators') alone.
 */
export const DEAD_LETTER_STREAM_OWNER = 'identity';

/**
 * The dead-letter stream, created (or its settings restored) by `DEAD_LETTER_STREAM_OWNER`. For any
 * other service (`owner: false`) only a check: it answers whether the stream exists yet. A dead letter
 * published before then is not lost: the consumer leaves the event to be redelivered.
 */
export async function ensureDeadLetterStream(jsm: JetStreamManager, naming: Naming, replicas = 1, owner = true): Promise<boolean> {
  if (!owner) return streamExists(jsm, naming.deadLetterStream());
  await ensureStream(jsm, {
    name: naming.deadLetterStream(),
    subjects: naming.deadLetterSubjects(),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: 90 * DAY_NS,
    num_replicas: replicas,
  });
  return true;
}
