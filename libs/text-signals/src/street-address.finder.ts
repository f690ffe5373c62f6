// Finds street addresses precise enough to lead someone to a door, in Russian (with Kazakh and Uzbek
// street words), English and Chinese. A street or district name alone ("on Abay Avenue", "в мкр.
// Аксай") is not reported: only a name with a house number, or a house number with a flat.
import { NOT_AFTER_WORD as L, NOT_BEFORE_WORD as R, lineAfter, overlaps, type Finding } from './doxxing.finding';

/** Matches the word with its first letter in either case (the patterns cannot use the i flag: see RU_NAME). */
function either(words: string[]): string {
  return `(?:${words.map((w) => `[${w[0].toUpperCase()}${w[0].toLowerCase()}]${w.slice(1)}`).join('|')})`;
}

const RU_STREET = either([
  String.raw`ул\.`, String.raw`ул(?=\s)`, String.raw`улиц[аеыу]`, String.raw`пр-т`, String.raw`пр-кт`, String.raw`просп\.`,
  String.raw`проспект[аеу]?`, String.raw`пр\.`, String.raw`бул\.`, String.raw`б-р`, String.raw`бульвар[аеу]?`, String.raw`пер\.`,
  String.raw`переул(?:ок|ка|ке)`, String.raw`шоссе`, String.raw`наб\.`, String.raw`набережн\p{Ll}*`, String.raw`пл\.`,
  String.raw`площад[ьи]`,
]);
const RU_MICRODISTRICT = either([String.raw`мкр\.?`, String.raw`мкрн\.?`, String.raw`мкр-н`, String.raw`микрорайон[аеу]?`]);
// A capitalised name of up to four words ("Абая", "Самал-2", "Толе би", "8 Марта"); \p{Lu} would match any
// letter under the i flag, which is why no pattern here uses it.
const RU_NAME = String.raw`[«"]?(?:\d{1,2}[-\s])?\p{Lu}[\p{L}'’]*(?:[-.]\p{L}+)*(?:-\d{1,2})?(?:\s+(?:\p{Lu}[\p{L}'’]*(?:-\p{L}+)*|би|батыра|ата|хана|им\.|имени)){0,3}[»"]?`;
// "15а", "15 Б", "15/1"; a lowercase letter after a space is a word ("5 с 9 до 18"), not a suffix.
const RU_HOUSE = String.raw`(?:№\s*)?\d{1,4}(?:[а-яa-zА-Я]|\s[А-Я])?(?![\p{L}])(?:\s?[/-]\s?\d{1,4})?`;
const RU_FLAT = String.raw`(?:\s*,?\s*(?:[Кк]в\.?|[Кк]вартира|[Оо]ф\.|[Оо]фис|[Кк]омн?\.)\s*\d{1,4})?`;
const RU_HOUSE_WORD = String.raw`(?:[Дд]\.|[Дд]ом)`;

const PATTERNS: ReadonlyArray<{ re: RegExp; kind: string }> = [
  {
    kind: 'Russian-style street and house number',
    re: new RegExp(String.raw`${L}${RU_STREET}\s*${RU_NAME}\s*,?\s*(?:${RU_HOUSE_WORD}\s*)?${RU_HOUSE}${RU_FLAT}${R}`, 'gu'),
  },
  {
    // "мкр Аксай 4" is a district; only a comma or д./дом before the number makes it a house.
    kind: 'Russian-style microdistrict and house number',
    re: new RegExp(
      String.raw`${L}${RU_MICRODISTRICT}\s*${RU_NAME}(?:\s\d{1,2})?\s*(?:,\s*(?:${RU_HOUSE_WORD}\s*)?|${RU_HOUSE_WORD}\s*)${RU_HOUSE}${RU_FLAT}${R}`,
      'gu',
    ),
  },
  {
    kind: 'Russian-style microdistrict and house number',
    re: new RegExp(String.raw`${L}${RU_MICRODISTRICT}\s*\d{1,3}[а-я]?\s*,?\s*${RU_HOUSE_WORD}\s*${RU_HOUSE}${RU_FLAT}${R}`, 'gu'),
  },
  {
    kind: 'Russian-style house and flat number',
    re: new RegExp(String.raw`${L}${RU_HOUSE_WORD}\s*\d{1,4}[а-я]?(?:/\d{1,4})?\s*,?\s*(?:[Кк]в\.?|[Кк]вартира)\s*\d{1,4}${R}`, 'gu'),
  },
  {
    // "на Абая 15, квартира 3": a capitalised street name, a house number and a flat, without a street word.
    kind: 'Russian-style house and flat number',
    re: new RegExp(String.raw`${L}\p{Lu}\p{Ll}+\s+\d{1,4}[а-я]?(?:/\d{1,4})?\s*,\s*(?:[Кк]в\.?|[Кк]вартира)\s*\d{1,4}${R}`, 'gu'),
  },
  {
    kind: 'Kazakh- or Uzbek-style street and house number',
    re: new RegExp(
      String.raw`${L}\p{Lu}[\p{L}'ʻ’-]+\s+(?:көшесі|даңғылы|ko['ʻ‘’]?chasi|кўчаси|(?:shoh\s+)?ko['ʻ‘’]?chasi)\s*,?\s*(?:үй\s*)?\d{1,4}[а-яa-z]?${RU_FLAT}${R}`,
      'gu',
    ),
  },
  {
    // Uzbek blocks and houses: "9-kvartal, 12-uy, 34-xonadon", "12-уй, 5-хонадон".
    kind: 'Uzbek-style block, house and flat number',
    re: new RegExp(
      String.raw`${L}(?:\d{1,3}\s?-\s?(?:kvartal|mavze|квартал|мавзе)\p{L}*\s*,?\s*)?\d{1,4}\s?-\s?(?:uy|уй)${R}(?:\s*,?\s*\d{1,4}\s?-\s?(?:xonadon|хонадон)${R})?`,
      'gu',
    ),
  },
  {
    kind: 'English-style number and street',
    re: new RegExp(
      String.raw`${L}\d{1,5}[A-Za-z]?,?\s+(?:\p{Lu}[\p{L}'’-]*\.?\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Prospect|Prospekt|Highway|Hwy\.?)(?![\p{L}])(?:\s*,?\s*(?:[Aa]pt\.?|[Aa]partment|[Ff]lat|[Uu]nit)\s*\d{1,4})?`,
      'gu',
    ),
  },
  {
    kind: 'English-style street and number',
    re: new RegExp(
      String.raw`${L}(?:\p{Lu}[\p{L}'’-]*\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Prospect|Prospekt)\s*,?\s*(?:No\.?\s*)?\d{1,4}[A-Za-z]?(?:\s*,?\s*(?:[Aa]pt\.?|[Aa]partment|[Ff]lat|[Uu]nit)\s*\d{1,4})?(?=[ \t]*(?:[,.;)\n]|$)|\s+\p{Lu})`,
      'gu',
    ),
  },
  {
    kind: 'Chinese-style road or street and number',
    re: new RegExp(
      String.raw`\p{Script=Han}{1,12}?(?:路|街|大道|大街|巷|胡同|弄)\s*(?:\d{1,5}|[一二三四五六七八九十百千零〇两]{1,6})\s*号(?![线码])(?:\s*(?:\d{1,4}|[一二三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|单元|层|楼|室|号))*`,
      'gu',
    ),
  },
];

/** A number followed by one of these is a count or a measure, not a house. */
const NOT_A_HOUSE_NUMBER = /^\s*(?:минут|мин\.|км|метр|м\.|час|лет|год|раз|человек|%|тенге|тг|сум|сом|руб|\$|minutes?|km|miles?|metres?|meters?|hours?|years?|people|women|times|percent|%)/iu;
/** "Street food", "road trip": a street word used as an ordinary noun. */
const NOT_A_STREET = /^\s*(?:food|foods|art|style|fashion|children|kids|vendors?|trips?|maps?|safety|shows?|smart|wise|workers?|harassment|lights?|photography|markets?|festival|team|view)(?![\p{L}])/iu;

export function findStreetAddresses(text: string, taken: readonly Finding[]): Finding[] {
  const found: Finding[] = [];
  for (const { re, kind } of PATTERNS) {
    for (const match of text.matchAll(re)) {
      const value = match[0].trim();
      const start = match.index;
      const end = start + value.length;
      if (overlaps(taken, start, end) || overlaps(found, start, end)) continue;
      const after = lineAfter(text, end, 20);
      if (NOT_A_HOUSE_NUMBER.test(after) || NOT_A_STREET.test(after)) continue;
      // A year is not a house number: "in 2023 Main Street shops…", "Wall Street 2008".
      if (kind.startsWith('English-style') && (value.match(/\d+/g) ?? []).some((n) => n.length === 4 && /^(?:19|20)\d\d$/.test(n))) continue;
      found.push({ code: 'street-address', start, end, value, kind });
    }
  }
  return found;
}
