// Finds phone numbers of the CAREC countries (and other international numbers) in free text.
//
// Ordinary text is full of numbers, so a run of digits counts as a phone number only when its form says
// so: an international prefix with the right length, a trunk prefix with a mobile shape (8 (701) …,
// 0300-…, 138 …), or a phone-style grouping (…-45-67). Shorter local numbers need a cue such as "тел."
// or "WhatsApp" nearby. Dates, years, amounts of money and counts ("15 000 000 сум", "15000 women") are
// ruled out by their grouping and by the word that follows them.
import { NUMBER_START, continuesToken, lineAfter, lineBefore, overlaps, type Finding } from './doxxing.finding';

interface CountryCode {
  cc: string;
  /** Allowed lengths of the national number after the country code. */
  nationalLengths: number[];
  country: string;
}

const COUNTRY_CODES: readonly CountryCode[] = [
  { cc: '992', nationalLengths: [9], country: 'Tajikistan' },
  { cc: '993', nationalLengths: [8], country: 'Turkmenistan' },
  { cc: '994', nationalLengths: [9], country: 'Azerbaijan' },
  { cc: '995', nationalLengths: [9], country: 'Georgia' },
  { cc: '996', nationalLengths: [9], country: 'Kyrgyzstan' },
  { cc: '998', nationalLengths: [9], country: 'Uzbekistan' },
  { cc: '976', nationalLengths: [8], country: 'Mongolia' },
  { cc: '86', nationalLengths: [10, 11], country: 'China' },
  { cc: '92', nationalLengths: [9, 10], country: 'Pakistan' },
  { cc: '7', nationalLengths: [10], country: 'Kazakhstan' },
];

const GROUP = String.raw`\(?\d{1,5}\)?`;
/** One separator between digit groups: a space, or a hyphen or dot with optional spaces around it. */
const SEP = String.raw`(?:[ \u00a0]?[-.][ \u00a0]?|[ \u00a0])`;
const CANDIDATE = new RegExp(String.raw`${NUMBER_START}(?<![+\p{N}][.,/-]?)(?:\+[ \u00a0]?)?${GROUP}(?:${SEP}?${GROUP}){0,7}`, 'gu');

/** Words that announce a phone number, at the start of a word ("tel." but not "hotel"). */
const CUE =
  /(?<![\p{L}])(?:тел|моб|сот\.|сотов|phone|tel|mob|cell|call|whats\s?app|ва[тц]+\s?ап|вотсап|telegram|телеграм|viber|вайбер|звон|позвон|номер|нөмір|raqam|number|contact|контакт|связ)|电话|手机|微信|联系|☎|📞|📱/iu;
/**
 * A count, an amount or a measurement follows: "15 000 000 сум", "15000 women", "2023 год". Russian
 * stems take any ending; short words and English words must end there ("tonight" is not "ton").
 */
const UNIT_AFTER = new RegExp(
  String.raw`^\s*(?:[-–]\s*)?(?:(?:тенге|сомони|манат|лари|төгрөг|тугрик|руб|рупи|юан|доллар|евро|человек|женщин|девуш|участни|тонн|метр)` +
    String.raw`|(?:тг|сум|сом|кв|км|кг|га|лет|год[ау]?|чел|so['ʻ‘’]?m|somoni|manat|lari|rub|usd|eur|kzt|uzs|kgs|tjs|azn|gel|mnt|pkr|cny|rmb|rs|rupees?|dollars?|euros?|people|persons?|women|woman|girls|participants?|members?|km|kg|ha|tons?|years?)(?![\p{L}])` +
    String.raw`|[₸₾₼₮₽$€%]|元|人民币|万|亿|名|人|个|次|年|月|日)`,
  'iu',
);
const CURRENCY_BEFORE = /(?:[$€£₸₽¥₼₾₮]|usd|kzt|тенге|тг|руб|сум|rs\.?|pkr|cny|rmb)\s*$/iu;

export function findPhoneNumbers(text: string, taken: readonly Finding[]): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    let value = match[0].replace(/[\s(]+$/u, '');
    let start = match.index;
    // Brackets that do not pair up belong to the sentence, not the number: "(тел. 8 701 123 45 67)".
    if (value.startsWith('(') && !value.includes(')')) {
      value = value.slice(1);
      start += 1;
    }
    if (value.endsWith(')') && !value.includes('(')) value = value.slice(0, -1);
    const end = start + value.length;
    if (continuesToken(text, end) || /^[.,/-]\p{N}/u.test(text.slice(end, end + 2))) continue;

    // A number may run into the next one ("+7 701 123 45 67 2 раза"): try shorter readings, cut at spaces.
    for (let length = value.length; length > 0; length = value.lastIndexOf(' ', length - 1)) {
      const reading = value.slice(0, length).replace(/[\s\u00a0(.-]+$/u, '');
      const readingEnd = start + reading.length;
      const country = overlaps(taken, start, readingEnd) || overlaps(found, start, readingEnd) ? null : classify(reading, text, start, readingEnd);
      if (country !== null) {
        found.push({ code: 'phone-number', start, end: readingEnd, value: reading, kind: country });
        break;
      }
      if ((reading.match(/\d/g) ?? []).length <= 7) break;
    }
  }
  return found;
}

/** The country a candidate's form points to, or null when it is not a phone number. */
function classify(value: string, text: string, start: number, end: number): string | null {
  const groups = value.match(/\d+/g) ?? [];
  let digits = groups.join('');
  let international = value.startsWith('+');
  if (!international && digits.startsWith('00') && regionFor(digits.slice(2)) !== null) {
    international = true;
    digits = digits.slice(2);
  }
  const after = lineAfter(text, end, 24);
  const unitAfter = UNIT_AFTER.test(after);

  // Toll-free lines (8 800 …) belong to organisations, never to a person.
  if (/^[78]800/.test(digits)) return null;
  if (international) {
    const region = COUNTRY_CODES.find((c) => digits.startsWith(c.cc));
    if (region !== undefined) return region.nationalLengths.includes(digits.length - region.cc.length) ? describe(region, digits) : null;
    // A number from outside the region is still someone's phone.
    return digits.length >= 8 && digits.length <= 15 && !thousandsGrouping(value) && !unitAfter ? 'international format' : null;
  }

  const before = lineBefore(text, start, 40);
  if (unitAfter || CURRENCY_BEFORE.test(before) || looksLikeDate(value, groups) || groups.every(isYear)) return null;
  const cue = CUE.test(before) || CUE.test(after);
  const phoneGrouped = phoneGrouping(value, groups) && !thousandsGrouping(value);

  switch (digits.length) {
    case 12: {
      // Written without the "+": 998 90 123 45 67.
      const region = regionFor(digits);
      return region !== null && region.cc.length === 3 ? describe(region, digits) : null;
    }
    case 11: {
      if (/^[78][3-9]/.test(digits)) return /^[78][67]/.test(digits) ? 'Kazakhstan local format (8 7xx …)' : 'Russia local format (8 9xx …)';
      if (/^1[3-9]/.test(digits)) return 'China mobile format (1xx xxxx xxxx)';
      if (/^03/.test(digits)) return 'Pakistan mobile format (03xx xxxxxxx)';
      const region = regionFor(digits);
      if (region !== null && region.cc.length === 3) return describe(region, digits);
      return cue && /^0/.test(digits) ? 'local format with trunk 0' : null;
    }
    case 10:
      return /^0/.test(digits) && !thousandsGrouping(value) ? 'local format with trunk 0 (Azerbaijan, Kyrgyzstan, Pakistan or China)' : null;
    case 9:
      return cue || phoneGrouped ? 'local 9-digit format (Uzbekistan, Tajikistan, Georgia, Kyrgyzstan or Azerbaijan)' : null;
    case 8:
      return (cue && /^[5-9]/.test(digits)) || (phoneGrouped && /^[6-9]/.test(digits) && groups.length === 4)
        ? 'local 8-digit format (Mongolia or Turkmenistan)'
        : null;
    case 7:
    case 6:
      return cue && phoneGrouped ? 'local city number format' : null;
    default:
      return null;
  }
}

function regionFor(digits: string): CountryCode | null {
  const region = COUNTRY_CODES.find((c) => digits.startsWith(c.cc));
  return region !== undefined && region.nationalLengths.includes(digits.length - region.cc.length) ? region : null;
}

function describe(region: CountryCode, digits: string): string {
  if (region.cc === '7' && !/^[67]/.test(digits.slice(1))) return 'Russia (+7) format';
  return `${region.country} (+${region.cc}) format`;
}

/** Ends in two pairs ("…45-67", "… 34 56"), or has an area code in brackets, or a known mobile layout. */
function phoneGrouping(value: string, groups: string[]): boolean {
  const lengths = groups.map((g) => g.length);
  const n = lengths.length;
  if (n >= 3 && lengths[n - 1] === 2 && lengths[n - 2] === 2) return true;
  if (/\(\d{2,5}\)/.test(value) && n >= 2) return true;
  return ['3,4,4', '4,7', '4,3,3', '3,3,4', '2,3,4', '2,3,3,2'].includes(lengths.join(','));
}

/** "15 000 000", "1.500.000": a first group of 1-3 digits, then groups of exactly three with one separator. */
function thousandsGrouping(value: string): boolean {
  const match = /^\+?\d{1,3}([ \u00a0.])\d{3}(?:\1\d{3})*$/u.exec(value);
  return match !== null;
}

function looksLikeDate(value: string, groups: string[]): boolean {
  if (groups.length < 2 || groups.length > 3 || !/^[\d.\-/ ]+$/.test(value)) return false;
  const [a, b, c] = groups.map(Number);
  if (groups.length === 2) return groups[1].length === 4 && a >= 1 && a <= 12 && isYear(groups[1]);
  if (groups[0].length === 4) return isYear(groups[0]) && b >= 1 && b <= 12 && c >= 1 && c <= 31;
  const yearLast = groups[2].length === 4 ? isYear(groups[2]) : groups[2].length === 2;
  return yearLast && groups[0].length <= 2 && groups[1].length <= 2 && a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

function isYear(group: string): boolean {
  return group.length === 4 && Number(group) >= 1900 && Number(group) <= 2099;
}
