/** The rules of direct messages that need no database: text, group size, floods. */
import { DomainError, ErrorCode, validationFailed } from '@weop/contracts';

/** Her text as kept: outer blank lines and spaces trimmed; empty or too long is refused. */
export function messageText(text: string, maxChars: number): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw validationFailed('text', 'must not be empty');
  if (trimmed.length > maxChars) throw validationFailed('text', `must be at most ${maxChars} characters`);
  return trimmed;
}

/** Who she writes to: not herself, and within the size of a small group (her included). */
export function recipients(senderId: string, memberIds: readonly string[], maxMembers: number): string[] {
  const ids = [...memberIds];
  if (ids.includes(senderId)) throw validationFailed('memberIds', 'must not include yourself');
  if (new Set(ids).size !== ids.length) throw validationFailed('memberIds', 'must not name a member twice');
  if (memberIds.length + 1 > maxMembers) throw validationFailed('memberIds', `a conversation has at most ${maxMembers} members, you included`);
  return ids;
}

/**
 * A sliding window: `times` are her earlier acts inside the window, oldest first. At the limit she is
 * told how long until the oldest leaves the window.
 */
export function assertUnderLimit(times: readonly Date[], limit: number, windowMs: number, now: Date, what: string): void {
  if (times.length < limit) return;
  const oldest = times[times.length - limit];
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + windowMs - now.getTime()) / 1000));
  throw new DomainError(ErrorCode.RATE_LIMITED, `You have sent too many ${what}. Please try again later.`, [], retryAfterSeconds);
}

export const CONVERSATION_CLOSED = (): DomainError => new DomainError('CONVERSATION_CLOSED', 'This conversation is closed.');

export const NOT_ACCEPTED = (): DomainError =>
  new DomainError('CONVERSATION_NOT_ACCEPTED', 'Files can be shared once the others in the conversation have written in it, or are your connections.');
