/**
 * How well a mentor fits a mentee: the hard constraints (never broken, by suggestions or by a matching
 * run) and a 0–100 score with the reasons a person reads. Pure functions over plain data, so the
 * suggestions, the matching run and the bench all judge a pair the same way.
 */
import type { CountryPreference, MentorGender } from '@weop/contracts';

export interface MentorFacts {
  accountId: string;
  expertise: readonly string[];
  languages: readonly string[];
  /** Countries she knows. */
  countries: readonly string[];
  /** Her home country, from identity; null while unknown. */
  country: string | null;
  /** Minutes east of UTC, now. */
  utcOffsetMinutes: number;
  capacity: number;
  /** Mentorships holding a seat (active or paused). */
  seatsTaken: number;
  available: boolean;
  sanctioned: boolean;
  verified: boolean;
  gender: MentorGender;
}

export interface MenteeFacts {
  accountId: string;
  expertise: readonly string[];
  languages: readonly string[];
  country: string | null;
  utcOffsetMinutes: number;
  preferences: { country: CountryPreference; womanMentorOnly: boolean; minOverlapHours: number };
  /** Mentors she must never be offered or paired with: a block between them, either way. */
  blocked?: ReadonlySet<string>;
  /**
   * A suspension or expulsion in force: she is matched with no one until it lifts. A matching run leaves
   * her out before weighing pairs (programmes.service.ts), so the run's fast path never sees her.
   */
  sanctioned?: boolean;
}

export interface MatchQuality {
  score: number;
  reasons: string[];
}

const WORKDAY_START = 9 * 60;
const WORKDAY_END = 18 * 60;
const DAY = 24 * 60;

/** Working hours (9:00–18:00 local on each side) the two share in a day. */
export function overlapHours(offsetA: number, offsetB: number): number {
  const a0 = WORKDAY_START - offsetA;
  const a1 = WORKDAY_END - offsetA;
  let best = 0;
  for (const shift of [-DAY, 0, DAY]) {
    const b0 = WORKDAY_START - offsetB + shift;
    const b1 = WORKDAY_END - offsetB + shift;
    best = Math.max(best, Math.min(a1, b1) - Math.max(a0, b0));
  }
  return Math.round(best / 6) / 10;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the zone is one the runtime knows (`Asia/Almaty`), so a profile never stores a zone no clock can read. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC of `zone` at `at` (daylight saving included). */
export function utcOffsetMinutes(zone: string, at: Date = new Date()): number {
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(at).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  const utc = Math.floor(at.getTime() / 60_000) * 60_000;
  return Math.round((local - utc) / 60_000);
}

const shared = (a: readonly string[], b: readonly string[]): string[] => a.filter((x) => b.includes(x));

/**
 * Why this pair must not be matched, or null when it may. `ignoreSeats` lets a matching run judge the
 * pair alone (it spends seats itself).
 */
export function constraintBroken(mentee: MenteeFacts, mentor: MentorFacts, options: { ignoreSeats?: boolean } = {}): string | null {
  if (mentee.accountId === mentor.accountId) return 'self';
  if (mentee.blocked?.has(mentor.accountId)) return 'blocked';
  if (mentee.sanctioned) return 'mentee-restricted';
  if (!mentor.available) return 'mentor-paused';
  if (mentor.sanctioned) return 'mentor-restricted';
  if (!options.ignoreSeats && mentor.seatsTaken >= mentor.capacity) return 'mentor-at-capacity';
  if (shared(mentee.languages, mentor.languages).length === 0) return 'no-shared-language';
  const { country, womanMentorOnly, minOverlapHours } = mentee.preferences;
  if (country === 'same' && (mentee.country === null || mentor.country !== mentee.country)) return 'country-preference';
  if (country === 'other' && (mentee.country === null || mentor.country === null || mentor.country === mentee.country)) return 'country-preference';
  if (womanMentorOnly && mentor.gender !== 'woman') return 'woman-mentor-preference';
  if (overlapHours(mentee.utcOffsetMinutes, mentor.utcOffsetMinutes) < minOverlapHours) return 'time-zone-preference';
  return null;
}

/**
 * 0–100: expertise the mentee wants that the mentor offers (50), languages in common (15), working
 * hours shared (20), the mentor knowing the mentee's country (10), a verified mentor (5).
 */
export function matchQuality(mentee: MenteeFacts, mentor: MentorFacts): MatchQuality {
  return score(mentee, mentor, []);
}

/** The score alone, for a matching run that weighs millions of pairs and explains only the chosen ones. */
export function matchScore(mentee: MenteeFacts, mentor: MentorFacts): number {
  return score(mentee, mentor, null).score;
}

function score(mentee: MenteeFacts, mentor: MentorFacts, reasons: string[] | null): MatchQuality {
  let total = 0;
  const areas = shared(mentee.expertise, mentor.expertise);
  total += mentee.expertise.length === 0 ? 25 : (50 * areas.length) / mentee.expertise.length;
  if (areas.length > 0) reasons?.push(`matching expertise: ${areas.join(', ')}`);
  const languages = shared(mentee.languages, mentor.languages);
  total += languages.length >= 2 ? 15 : languages.length === 1 ? 10 : 0;
  if (languages.length > 0) reasons?.push(`shared languages: ${languages.join(', ')}`);
  const hours = overlapHours(mentee.utcOffsetMinutes, mentor.utcOffsetMinutes);
  total += (20 * hours) / 9;
  if (hours > 0) reasons?.push(hours >= 9 ? 'same working hours' : `${hours} working hours overlap`);
  if (mentee.country !== null && (mentor.country === mentee.country || mentor.countries.includes(mentee.country))) {
    total += 10;
    reasons?.push(mentor.country === mentee.country ? `from your country (${mentee.country})` : `knows your country (${mentee.country})`);
  }
  if (mentee.preferences.country === 'other' && mentor.country !== null) reasons?.push(`from another country (${mentor.country}), as you asked`);
  if (mentee.preferences.womanMentorOnly) reasons?.push('a woman mentor, as you asked');
  if (mentor.verified) {
    total += 5;
    reasons?.push('identity verified');
  }
  return { score: Math.round(total * 10) / 10, reasons: reasons ?? [] };
}
