import { AccountDeletedV1, AccountRegisteredV1, AccountRolesChangedV1, AccountStatusChangedV1, SessionsEndedV1 } from './identity/identity.events';

/**
 * Every event subject the platform publishes, with its payload class. `publish(subject, payload)` and
 * consumers are typed from this map, and payloads are validated against the class on both ends.
 * A breaking change is a new `.vN` entry, published beside the old one until consumers move.
 */
export const EVENTS = {
  [AccountRegisteredV1.subject]: AccountRegisteredV1,
  [AccountStatusChangedV1.subject]: AccountStatusChangedV1,
  [AccountRolesChangedV1.subject]: AccountRolesChangedV1,
  [AccountDeletedV1.subject]: AccountDeletedV1,
  [SessionsEndedV1.subject]: SessionsEndedV1,
} as const;

export type EventSubject = keyof typeof EVENTS;
export type EventPayload<S extends EventSubject> = InstanceType<(typeof EVENTS)[S]>;

/** The producing service is the subject's first token: one JetStream stream per producer. */
export const producerOf = (subject: string): string => subject.split('.')[0];
