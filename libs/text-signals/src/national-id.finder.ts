// Finds national identity numbers of the CAREC countries in free text.
//
// A bare run of digits counts only when its shape is distinctive: an embedded birth date and, where the
// number has one, a valid check digit (Kazakhstan IIN, China resident ID). Shapes that any long number
// could have (a Georgian 11-digit personal number, an Azerbaijani 7-character FIN, a compact Pakistani
// CNIC) count only next to a label that names them.
import {
  NOT_AFTER_WORD as L,
  NOT_BEFORE_WORD as R,
  NUMBER_END,
  NUMBER_START,
  isValidDate,
  lineBefore,
  overlaps,
  type Finding,
} from './doxxing.finding';

const LABEL_WINDOW = 30;

const IIN_LABEL = /(?:ИИН|IIN|ЖСН|ИНН)/u;
const FOURTEEN_DIGIT_LABEL = /(?:ПИНФЛ|PINFL|JShShIR|JSHSHIR|ЖШШИР|ПИН|PIN|ИНН|INN|персональн\p{L}*\s+идентификационн\p{L}*\s+номер)/iu;
const CNIC_LABEL = /(?:CNIC|NICOP|NIC|شناختی|identity\s+card|ID\s*card)/iu;
const CHINA_ID_LABEL = /(?:身份证|身份證|居民身份|ID\s*(?:card|number|no\.?))/iu;
const GEORGIA_LABEL = /(?:personal\s+(?:number|no\.?|id)|ID\s*(?:number|no\.?)|პირადი\s+ნომერი|პ\/ნ|личн\p{L}*\s+номер|п\/н)/iu;

const DIGIT_RUN = new RegExp(String.raw`${NUMBER_START}(?<!\p{N}[.,/-])\d{11,17}[\dXx]?${NUMBER_END}(?![.,/-]\p{N})`, 'gu');
const CHINA_ID_SPACED = new RegExp(String.raw`${NUMBER_START}\d{6}[ \u00a0]\d{8}[ \u00a0]\d{3}[\dXx]${NUMBER_END}`, 'gu');
const CNIC = new RegExp(String.raw`${NUMBER_START}(?<!-)\d{5}-\d{7}-\d${NUMBER_END}(?!-)`, 'gu');
const MONGOLIA_REGISTER = new RegExp(String.raw`${L}[А-ЯЁӨҮ]{2}[ \u00a0]?\d{8}${R}`, 'gu');
// "FIN" is matched in capitals only; written as "fin kod" it needs the word "kod"/"code".
const AZERBAIJAN_FIN = new RegExp(
  String.raw`(?:${L}(?:FIN|FİN|ФИН)(?:\s*(?:kod|kodu|code|код))?|${L}[Ff][İIiı][Nn]\s*(?:kod|kodu|code|код))\s*[:№#-]?\s*([A-Z0-9]{7})${R}`,
  'gu',
);

export function findNationalIds(text: string): Finding[] {
  const found: Finding[] = [];
  const add = (start: number, value: string, kind: string) => {
    if (!overlaps(found, start, start + value.length)) found.push({ code: 'national-id', start, end: start + value.length, value, kind });
  };
  const labelled = (index: number, label: RegExp) => label.test(lineBefore(text, index, LABEL_WINDOW));

  for (const match of text.matchAll(CHINA_ID_SPACED)) {
    const digits = match[0].replace(/\s/g, '');
    if (isChinaId(digits) || (labelled(match.index, CHINA_ID_LABEL) && chinaIdDateOk(digits))) add(match.index, match[0], 'China resident ID number');
  }

  for (const match of text.matchAll(DIGIT_RUN)) {
    const value = match[0];
    const kind = digitRunKind(value, (label) => labelled(match.index, label));
    if (kind !== null) add(match.index, value, kind);
  }

  for (const match of text.matchAll(CNIC)) add(match.index, match[0], 'Pakistan CNIC number');

  for (const match of text.matchAll(MONGOLIA_REGISTER)) {
    if (isMongoliaRegister(match[0].replace(/\s/g, ''))) add(match.index, match[0], 'Mongolia civil register number');
  }

  for (const match of text.matchAll(AZERBAIJAN_FIN)) {
    const code = match[1];
    if (/\d/.test(code)) add(match.index + match[0].length - code.length, code, 'Azerbaijan FIN code');
  }

  return found;
}

function digitRunKind(value: string, labelled: (label: RegExp) => boolean): string | null {
  const isDigits = /^\d+$/.test(value);
  switch (value.length) {
    case 18:
      return isChinaId(value) || (labelled(CHINA_ID_LABEL) && chinaIdDateOk(value)) ? 'China resident ID number' : null;
    case 14: {
      if (!isDigits) return null;
      const pinfl = isUzbekPinfl(value);
      const kyrgyz = isKyrgyzPin(value);
      if (pinfl && kyrgyz) return 'Uzbekistan PINFL or Kyrgyzstan personal number';
      if (pinfl) return 'Uzbekistan PINFL';
      if (kyrgyz) return 'Kyrgyzstan personal number (PIN)';
      return labelled(FOURTEEN_DIGIT_LABEL) ? 'personal identification number (14 digits)' : null;
    }
    case 13:
      return isDigits && labelled(CNIC_LABEL) ? 'Pakistan CNIC number' : null;
    case 12:
      return isDigits && (isKazakhIin(value) || labelled(IIN_LABEL)) ? 'Kazakhstan IIN' : null;
    case 11:
      return isDigits && labelled(GEORGIA_LABEL) ? 'Georgia personal number' : null;
    default:
      return null;
  }
}

const CENTURY: Readonly<Record<string, number>> = { '3': 1900, '4': 1900, '5': 2000, '6': 2000 };

/** YYMMDD, a century-and-sex digit, a serial, and a check digit over two weight rows. */
export function isKazakhIin(value: string): boolean {
  const century = CENTURY[value[6]];
  if (century === undefined || !isValidDate(century + num(value, 0, 2), num(value, 2, 4), num(value, 4, 6))) return false;
  const digits = [...value].map(Number);
  const weighted = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * digits[i], 0) % 11;
  let check = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check !== 10 && check === digits[11];
}

/** A century-and-sex digit, then DDMMYY of birth, then a district code, serial and check digit. */
export function isUzbekPinfl(value: string): boolean {
  const century = CENTURY[value[0]];
  return century !== undefined && isValidDate(century + num(value, 5, 7), num(value, 3, 5), num(value, 1, 3));
}

/** A sex digit (1 or 2), then DDMMYYYY of birth, then five digits. */
export function isKyrgyzPin(value: string): boolean {
  return (value[0] === '1' || value[0] === '2') && isValidDate(num(value, 5, 9), num(value, 3, 5), num(value, 1, 3));
}

/** A region code, YYYYMMDD of birth, a serial, and an ISO 7064 MOD 11-2 check character. */
export function isChinaId(value: string): boolean {
  if (!chinaIdDateOk(value) || !/^[1-8]/.test(value)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, w, i) => total + w * Number(value[i]), 0);
  return '10X98765432'[sum % 11] === value[17].toUpperCase();
}

function chinaIdDateOk(value: string): boolean {
  return /^\d{17}[\dXx]$/.test(value) && isValidDate(num(value, 6, 10), num(value, 10, 12), num(value, 12, 14));
}

/** Two Cyrillic letters, then YYMMDD of birth (month + 20 for those born from 2000) and two digits. */
function isMongoliaRegister(value: string): boolean {
  const digits = value.slice(2);
  const month = num(digits, 2, 4);
  const born2000s = month > 20;
  return isValidDate((born2000s ? 2000 : 1900) + num(digits, 0, 2), born2000s ? month - 20 : month, num(digits, 4, 6));
}

function num(value: string, from: number, to: number): number {
  return Number(value.slice(from, to));
}
