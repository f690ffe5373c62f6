// What the doxxing finders report and the small helpers they share.

/** A piece of personal data found in free text. */
export interface Finding {
  code: 'phone-number' | 'national-id' | 'street-address';
  /** Where in the (normalised) text it starts and ends. */
  start: number;
  end: number;
  /** The text as written. It never leaves the detector unmasked. */
  value: string;
  /** What it looks like, for the moderator: "Kazakhstan IIN", "phone number in Georgia (+995) format". */
  kind: string;
}

/** Not preceded or followed by a letter or digit; \b does not work for Cyrillic or Han. */
export const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}_])`;
export const NOT_BEFORE_WORD = String.raw`(?![\p{L}\p{N}_])`;

/**
 * For numbers: Chinese and Japanese put digits right against their characters ("号码是1380…"), so only
 * digits and letters of spaced scripts make a number part of a longer token.
 */
const SPACED_LETTER = String.raw`(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])\p{L})`;
export const NUMBER_START = String.raw`(?<![\p{N}_]|${SPACED_LETTER})`;
export const NUMBER_END = String.raw`(?![\p{N}_]|${SPACED_LETTER})`;
const JOINED_TO_NUMBER = new RegExp(String.raw`^(?:[\p{N}_]|${SPACED_LETTER})`, 'u');

/** Whether the character at index would make a number end in the middle of a token. */
export function continuesToken(text: string, index: number): boolean {
  return JOINED_TO_NUMBER.test(text.slice(index, index + 1));
}

/** A real calendar date in a range that fits living people's birth dates and recent events. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2035 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function overlaps(found: readonly Finding[], start: number, end: number): boolean {
  return found.some((f) => start < f.end && f.start < end);
}

/** The text just before index on the same line, for label and cue checks. */
export function lineBefore(text: string, index: number, width: number): string {
  const before = text.slice(Math.max(0, index - width), index);
  const newline = before.lastIndexOf('\n');
  return newline === -1 ? before : before.slice(newline + 1);
}

export function lineAfter(text: string, index: number, width: number): string {
  const after = text.slice(index, index + width);
  const newline = after.indexOf('\n');
  return newline === -1 ? after : after.slice(0, newline);
}
