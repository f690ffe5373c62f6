/** The one place where a domain error code becomes an HTTP status. */
import { ErrorCode } from '@weop/contracts';

const STATUS: Record<string, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.AUTH_REQUIRED]: 401,
  [ErrorCode.AUTH_INVALID_CREDENTIALS]: 401,
  [ErrorCode.AUTH_TOKEN_INVALID]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.ACCOUNT_SUSPENDED]: 403,
  [ErrorCode.ACCOUNT_EXPELLED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL]: 500,
  // Codes of later services that API.md already fixes.
  BLOCKED: 403,
  VERIFICATION_REQUIRED: 403,
  EVENT_FULL: 409,
  MENTEE_PROFILE_REQUIRED: 409,
  MENTOR_AT_CAPACITY: 409,
  MENTOR_PROFILE_REQUIRED: 409,
  APPEAL_WINDOW_CLOSED: 422,
  ALREADY_APPEALED: 409,
  CASE_CLAIMED: 409,
  VERIFICATION_OPEN: 409,
  VERIFICATION_CLAIMED: 409,
  FILES_DELETED: 410,
  NOMINATIONS_CLOSED: 422,
  // Awards: an endorser or a nominee answers once; a sanctioned juror's seat is closed to her.
  ALREADY_ANSWERED: 409,
  JURY_SEAT_PAUSED: 403,
  // Mentorship cohorts: the certificate waits for completion; a mentee is matched once per cohort.
  PROGRAMME_NOT_COMPLETED: 409,
  MENTEE_ALREADY_MATCHED: 409,
  // Blocks (identity): blocking herself, or more members than BLOCKS_PER_MEMBER_MAX.
  CANNOT_BLOCK_SELF: 422,
  BLOCK_LIMIT_REACHED: 422,
  // Community: a conversation closed (a member expelled) takes no messages; files only once everyone accepted.
  CONVERSATION_CLOSED: 409,
  CONVERSATION_NOT_ACCEPTED: 403,
  // Community: connections (a request or connection between the pair exists; one already answered).
  CONNECTION_EXISTS: 409,
  CONNECTION_NOT_PENDING: 409,
  SELF_CONNECTION: 422,
  CANNOT_MUTE_SELF: 422,
  // Community: groups.
  GROUP_BANNED: 403,
  GROUP_MEMBERSHIP_REQUIRED: 403,
  GROUP_MEMBER_EXISTS: 409,
  GROUP_OWNER_CANNOT_LEAVE: 422,
  GROUP_OWNER_ROLE: 422,
  GROUP_REMOVE_SELF: 422,
  GROUP_FROZEN: 409,
  INVITATION_ANSWERED: 409,
  THREAD_LOCKED: 409,
};

/** A rule of a service that the request broke, not listed here, is 422 Unprocessable. */
export const httpStatusFor = (code: string): number => STATUS[code] ?? 422;
