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

/**
 * The same conflicts as conflictsOf, found for one seat against many nominations at once through
 * indexes (by nominator, nominee, endorser email, organisation and country) instead of pair by pair:
 * closing judging checks every juror against every finalist.
 */
export class ConflictIndex {
  private readonly byNominator = new Map<string, string[]>();
  private readonly byNominee = new Map<string, string[]>();
  private readonly byEmail = new Map<string, string[]>();
  private readonly byOrganization = new Map<string, string[]>();
  private readonly byCountry = new Map<string, string[]>();

  constructor(
    nominations: readonly (NominationFacts & { id: string })[],
    private readonly rules: { regionalSameCountry: boolean },
    /** Nominations each seat declared a conflict with. */
    private readonly declared: ReadonlyMap<string, ReadonlySet<string>>,
  ) {
    const add = (index: Map<string, string[]>, key: string | null, id: string): void => {
      if (!key) return;
      const list = index.get(key);
      if (list) list.push(id);
      else index.set(key, [id]);
    };
    for (const n of nominations) {
      add(this.byNominator, n.nominatorId, n.id);
      add(this.byNominee, n.nomineeMemberId, n.id);
      for (const email of new Set(n.endorserEmails)) add(this.byEmail, email, n.id);
      for (const key of new Set(n.organizationKeys)) add(this.byOrganization, key, n.id);
      for (const country of new Set([n.nomineeCountry, ...n.nomineeCountries])) add(this.byCountry, country, n.id);
    }
  }

  /** The nominations this seat is conflicted with, for any reason. */
  conflicted(seatId: string, seat: SeatFacts): Set<string> {
    const found = new Set<string>(this.declared.get(seatId) ?? []);
    const take = (ids: string[] | undefined): void => ids?.forEach((id) => found.add(id));
    if (seat.accountId) {
      take(this.byNominator.get(seat.accountId));
      take(this.byNominee.get(seat.accountId));
    }
    if (seat.email) take(this.byEmail.get(seat.email));
    if (seat.organizationKey) take(this.byOrganization.get(seat.organizationKey));
    if (seat.tier === 'regional' && this.rules.regionalSameCountry) take(this.byCountry.get(seat.country));
    return found;
  }
}
