/**
 * Conflicts of interest between a judge and a nomination (issue 6): declared by the judge, or found by
 * the platform — she nominated it, it is about her, she endorsed it, she works for the same organisation,
 * or (when the cycle says so) a regional juror would judge a nominee from her own country. A conflicted
 * judge neither sees nor scores the nomination.
 */
import type { ConflictReason, JuryTier } from '@weop/contracts';

export interface SeatFacts {
  accountId: string | null;
  tier: JuryTier;
  country: string;
  /** organizationKey() of her organisation, '' when unknown. */
  organizationKey: string;
  email: string | null;
}

export interface NominationFacts {
  nominatorId: string | null;
  nomineeMemberId: string | null;
  nomineeCountry: string;
  nomineeCountries: readonly string[];
  /** organizationKey() of the organisations the nominee is (an organisation) or works for (a person). */
  organizationKeys: readonly string[];
  /** Lower-cased emails of everyone asked to endorse it. */
  endorserEmails: readonly string[];
}

/** Legal forms and filler words that do not tell two organisations apart. */
const LEGAL_FORMS = new Set(['ngo', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'llc', 'llp', 'ltd', 'limited', 'inc', 'plc', 'too', 'ao', 'oao', 'zao', 'ooo', 'the', 'of']);

/**
 * A comparable form of an organisation's name: case, accents, quotes, punctuation, a bracketed
 * abbreviation and legal forms do not count (`JSC "Otbasy Bank"` = `Otbasy bank`).
 */
export function organizationKey(name: string | null | undefined): string {
  if (!name) return '';
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word && !LEGAL_FORMS.has(word))
    .join(' ');
}

export const normalizeEmail = (email: string | null | undefined): string | null => (email ? email.trim().toLowerCase() : null);

export function conflictsOf(seat: SeatFacts, nomination: NominationFacts, rules: { regionalSameCountry: boolean }, declared: boolean): ConflictReason[] {
  const reasons: ConflictReason[] = [];
  if (declared) reasons.push('declared');
  if (seat.accountId) {
    if (seat.accountId === nomination.nominatorId) reasons.push('nominator');
    if (seat.accountId === nomination.nomineeMemberId) reasons.push('nominee');
  }
  if (seat.email && nomination.endorserEmails.includes(seat.email)) reasons.push('endorser');
  if (seat.organizationKey && nomination.organizationKeys.includes(seat.organizationKey)) reasons.push('same-organization');
  if (seat.tier === 'regional' && rules.regionalSameCountry && (seat.country === nomination.nomineeCountry || nomination.nomineeCountries.includes(seat.country))) {
    reasons.push('same-country');
  }
  return reasons;
}
