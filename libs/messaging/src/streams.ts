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

/**
 * The producer's stream: file-backed, kept 30 days, de-duplicating re-publishes by event id for 10 minutes.
 * `replicas`: copies kept by a NATS cluster (WEOP_STREAM_REPLICAS; 1 on one server, 3 in production).
 * Every service passes the same number, so whichever creates a stream creates it the same.
 * `updateExisting: false` for a consumer making sure another producer's stream exists: only the
 * producer changes its stream, and its NATS user is the only one allowed to (deploy/nats-authorization.js).
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

export async function ensureDeadLetterStream(jsm: JetStreamManager, naming: Naming, replicas = 1): Promise<void> {
  await ensureStream(jsm, {
    name: naming.deadLetterStream(),
    subjects: naming.deadLetterSubjects(),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: 90 * DAY_NS,
    num_replicas: replicas,
  });
}
