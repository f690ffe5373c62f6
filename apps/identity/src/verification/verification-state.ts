/** Where a member's identity verification stands, and how legal names are compared. */
import type { MyVerificationView } from '@weop/contracts';
import type { Account } from '../accounts/account.entity';
import type { VerificationRequest } from './verification-request.entity';
import { OPEN_STATUSES } from './verification.repository';

/** Names compared as a person would: Unicode-normalised, spaces collapsed, case ignored. */
export const sameName = (a: string, b: string): boolean => {
  const norm = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase();
  return norm(a) === norm(b);
};

/** `verified` while her verification holds; `pending` while a request is open; `rejected` when her latest was. */
export function verificationState(account: Pick<Account, 'identityVerifiedAt'> | null, requests: readonly Pick<VerificationRequest, 'status'>[]): MyVerificationView['identity'] {
  if (account?.identityVerifiedAt) return 'verified';
  if (requests.some((r) => OPEN_STATUSES.includes(r.status))) return 'pending';
  if (requests[0]?.status === 'rejected') return 'rejected';
  return 'none';
}
