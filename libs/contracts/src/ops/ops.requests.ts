/**
 * Requests only the operators' command line sends (`npm run weop -- …`). They live under
 * `rpc.<service>.ops.` (or `gateway.ops.` for what every gateway answers) so that one NATS permission,
 * given to the operators' user alone, covers them all; the gateway never forwards an HTTP call to them.
 */
import { ArrayMaxSize, IsArray, IsEmail, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export const OpsRequests = {
  /** Every service with a database: the events of one subject its outbox has sent, oldest first. */
  sentEvents: (service: string): string => `${service}.ops.outbox.sent-events`,
  /** Every service with a database: put sent events back on the outbox, keeping their event ids. */
  republish: (service: string): string => `${service}.ops.outbox.republish`,
  /** Every service with a database: which of these events its consumers have applied (its inbox). */
  applied: (service: string): string => `${service}.ops.inbox.applied`,
  /** Identity: create an admin through the registration rules, or promote the account that has the email. */
  createAdmin: 'identity.ops.admins.create',
  /** Mentorship: a matching run of a programme's applicants, proposed as a programme-admin's would be. */
  runMatching: 'mentorship.ops.matching-runs.create',
  /** Every gateway (no queue group: each one answers): drop the status replica and load it again. */
  rebuildStatusReplica: 'gateway.ops.status-replica.rebuild',
} as const;

/** Event subjects are `<service>.<aggregate>.<verb>.v<N>`. */
const EVENT_SUBJECT = /^[a-z-]+\.[a-z-]+\.[a-z-]+\.v\d+$/;

export class SentEventsPayload {
  @IsString() @Matches(EVENT_SUBJECT, { message: 'must be an event subject' }) subject!: string;
  /** The last event id of the previous page. */
  @IsOptional() @IsUUID() after?: string;
  @IsOptional() @IsInt() @Min(1) @Max(1000) limit?: number;
}

export interface SentEventsPage {
  /** Event ids, in the order the outbox wrote them. */
  items: { eventId: string; occurredAt: string }[];
  next: string | null;
}

export class RepublishPayload {
  @IsString() @Matches(EVENT_SUBJECT, { message: 'must be an event subject' }) subject!: string;
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) eventIds!: string[];
}

export interface RepublishOutcome {
  /** Events put back on the outbox (unknown ids, and ids already waiting to go out again, are not counted). */
  republished: number;
}

export class AppliedEventsPayload {
  @IsString() @Matches(EVENT_SUBJECT, { message: 'must be an event subject' }) subject!: string;
  @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) eventIds!: string[];
}

export interface AppliedEvents {
  /** The ids, of those asked about, that this service's inbox holds. */
  applied: string[];
}

export class CreateAdminPayload {
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
  /** Checked against the registration password policy; unused when the account exists already. */
  @IsString() @MinLength(1) @MaxLength(512) password!: string;
}

export interface CreateAdminOutcome {
  accountId: string;
  outcome: 'created' | 'promoted' | 'already-admin';
}

export class OpsMatchingRunPayload {
  @IsUUID('4', { message: 'must be a UUID' }) programmeId!: string;
}

export interface ReplicaRebuilt {
  /** Which gateway process answered. */
  gateway: string;
  /** Accounts the rebuilt replica holds. */
  accounts: number;
}

/** The id a matching run started from the command line is recorded as created by: the platform's operators. */
export const OPERATOR_ACCOUNT_ID = '00000000-0000-0000-0000-000000000000';
