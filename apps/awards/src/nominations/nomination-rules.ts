/**
 * Whether a nomination fits the award, beyond the shape of its fields (issue 6, "Eligibility errors are
 * clear"): a category and a kind that fit each other, a regional nominee that works across member
 * countries, a member nominee who is a person, endorsers who are different people. Each problem names
 * its field, so the nominator can fix them all at once.
 */
import type { CreateNominationRequest, FieldProblem, NominationStatus } from '@weop/contracts';

export function eligibilityProblems(input: CreateNominationRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { nominee } = input;
  if (input.category === 'regional') {
    if (nominee.kind !== 'organization') {
      problems.push({ field: 'nominee.kind', problem: "the regional category is for networks and organisations working across several member countries; nominate a person in her country's national category" });
    }
    if (!nominee.countries || nominee.countries.length < 2) {
      problems.push({ field: 'nominee.countries', problem: 'must list at least two member countries the network or organisation works in (regional category)' });
    }
  } else if (nominee.countries && nominee.countries.length > 0) {
    problems.push({ field: 'nominee.countries', problem: 'is only for the regional category; a national nomination has one country' });
  }
  if (nominee.kind === 'organization' && nominee.memberId) {
    problems.push({ field: 'nominee.memberId', problem: 'is for a person who is a member; an organisation has no member account' });
  }
  if (nominee.kind === 'organization' && nominee.organization) {
    problems.push({ field: 'nominee.organization', problem: "is a person's organisation; for an organisation, give its name" });
  }
  const emails = (input.endorsers ?? []).map((e) => e.email.trim().toLowerCase());
  if (new Set(emails).size !== emails.length) problems.push({ field: 'endorsers', problem: 'must be different people: an email is repeated' });
  return problems;
}

/** A nomination still in the running for screening or the jury. */
export const IN_THE_RUNNING: readonly NominationStatus[] = ['submitted', 'eligible', 'finalist'];

/** A nomination its nominator may still withdraw (not once the results name it). */
export const WITHDRAWABLE: readonly NominationStatus[] = ['awaiting-consent', 'submitted', 'eligible', 'ineligible', 'finalist', 'not-selected'];
