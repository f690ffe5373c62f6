// Prepares text and queries for PostgreSQL full-text search with the 'russian' config, builds snippets and guesses languages.
import { cutText } from '@weop/contracts';

/*
 * Why this exists: the 'russian' configuration stems Cyrillic words (Russian snowball) and ASCII words (English
 * snowball), which covers most WEOP content, but PostgreSQL's parser has no Chinese/Japanese segmenter: a run of
 * Han or kana characters, even glued to Latin letters ("WEOP平台"), is a single token. Splitting such runs into
 * overlapping bigrams on both sides (index and query) is the usual dictionary-free way to find words inside them.
 */

// U+30FC / U+FF70 (the kana length mark in "コーヒー") belong to the Common script but sit inside kana words.
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30fc\\uff70';
const CJK_RUN = new RegExp(`[${CJK_CLASS}]+`, 'gu');
const HAS_CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
// Letters and digits outside CJK runs; marks (\p{M}) keep combining accents and Devanagari-style vowels in words.
const NON_CJK_WORD = new RegExp(`(?:(?![${CJK_CLASS}])[\\p{L}\\p{M}\\p{N}])+`, 'gu');
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** Longest query accepted, in code points; longer input is cut (at a space when there is one). */
export const MAX_QUERY_LENGTH = 200;

// Quotes people type instead of '"' (Chinese IMEs, Russian «ёлочки», full-width) still mean "this exact phrase".
const PHRASE_QUOTES = /[\u00ab\u00bb\u201c\u201d\u201e\u201f\u300c\u300d\u300e\u300f\uff02]/g;

/** Overlapping character pairs of a CJK run; a single character stays itself. */
function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
  return pairs;
}

// PostgreSQL's parser reads letters and digits touching a CJK run as part of the same token ("WEOP平台").
const WORD_CHAR_AT_END = /[\p{L}\p{M}\p{N}]$/u;
const WORD_CHAR_AT_START = /^[\p{L}\p{M}\p{N}]/u;

/** Replaces each CJK run by its bigrams, with a space between it and any letters or digits it was glued to. */
function expandCjk(text: string): string {
  return text.replace(CJK_RUN, (run: string, offset: number, whole: string) => {
    const end = offset + run.length;
    // Two UTF-16 units reach a whole astral character on either side.
    const before = WORD_CHAR_AT_END.test(whole.slice(Math.max(0, offset - 2), offset)) ? ' ' : '';
    const after = WORD_CHAR_AT_START.test(whole.slice(end, end + 2)) ? ' ' : '';
    return before + bigrams(run).join(' ') + after;
  });
}

/**
 * The text to give to to_tsvector('russian', …): unchanged except that every run of Han, kana or Hangul becomes
 * its overlapping bigrams ("保障妇女权益" → "保障 障妇 妇女 女权 权益"), so a query's bigrams can match inside it.
 * Single characters stay as they are, so a one-character query only finds that character standing alone.
 */
export function indexableText(text: string): string {
  // PostgreSQL text cannot hold U+0000 and rejects the whole statement if it is there.
  return expandCjk(text.replace(/\u0000/g, ''));
}

interface QueryTerm {
  kind: 'term';
  negated: boolean;
  /** What the person typed for this term, without the leading '-' or the quotes. */
  text: string;
  quoted: boolean;
}
type QueryToken = QueryTerm | { kind: 'or' };

/** Removes control characters, maps typographic quotes to '"', and bounds the length. */
function cleanQuery(q: string): string {
  const cleaned = q
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    // Other controls carry no meaning (and PostgreSQL rejects U+0000); lone surrogates would arrive as U+FFFD.
    .replace(/[\p{Cc}\p{Cs}]/gu, '')
    .replace(PHRASE_QUOTES, '"')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_QUERY_LENGTH) return cleaned;
  const cut = chars.slice(0, MAX_QUERY_LENGTH).join('');
  // A word cut in half would be stemmed differently and find nothing; drop it when a whole word precedes it.
  if (chars[MAX_QUERY_LENGTH] === ' ') return cut;
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > 0 ? cut.slice(0, lastSpace) : cut;
}

/** Splits a query the way websearch_to_tsquery reads it: words, "phrases", a leading '-' to exclude, and 'or'. */
function tokenizeQuery(q: string): QueryToken[] {
  const text = cleanQuery(q);
  const tokens: QueryToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let negated = false;
    while (text[i] === '-') {
      negated = true;
      i++;
    }
    if (text[i] === '"') {
      // An unclosed quote runs to the end, as in websearch_to_tsquery.
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      tokens.push({ kind: 'term', negated, text: text.slice(i + 1, end).trim(), quoted: true });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== ' ' && text[end] !== '"') end++;
    const word = text.slice(i, end);
    i = end;
    if (word === '') continue;
    if (!negated && word.toLowerCase() === 'or') tokens.push({ kind: 'or' });
    else tokens.push({ kind: 'term', negated, text: word, quoted: false });
  }
  return tokens;
}

/**
 * Turns what a person typed into input for websearch_to_tsquery('russian', …), or null when nothing searchable
 * is left. Quoted phrases, '-' exclusion and 'or' keep their websearch meaning. A CJK run becomes a quoted
 * phrase of its bigrams, so "妇女权益" must appear as a whole (bigrams adjacent and in order) and "-妇女权益"
 * excludes exactly that word rather than every text sharing one of its bigrams.
 */
export function searchQuery(q: string): string | null {
  const parts: string[] = [];
  let hasPositiveTerm = false;
  let pendingOr = false;
  for (const token of tokenizeQuery(q)) {
    if (token.kind === 'or') {
      // 'or' only means something between two terms.
      pendingOr = parts.length > 0;
      continue;
    }
    if (!SEARCHABLE.test(token.text)) continue;
    const expanded = HAS_CJK.test(token.text) ? expandCjk(token.text).replace(/\s+/g, ' ').trim() : token.text;
    const asPhrase = token.quoted || expanded.includes(' ');
    if (pendingOr) parts.push('or');
    pendingOr = false;
    parts.push(`${token.negated ? '-' : ''}${asPhrase ? `"${expanded}"` : expanded}`);
    if (!token.negated) hasPositiveTerm = true;
  }
  // A query of exclusions alone would match nearly everything; that is not a search.
  return hasPositiveTerm ? parts.join(' ') : null;
}

interface SnippetTerms {
  /** Lower-cased non-CJK words, ё folded to е as the Russian stemmer does. */
  words: string[];
  /** Whole CJK runs from the query, tried before their bigrams. */
  cjkRuns: string[];
}

function foldCase(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

function snippetTerms(q: string): SnippetTerms {
  const words: string[] = [];
  const cjkRuns: string[] = [];
  for (const token of tokenizeQuery(q)) {
    if (token.kind === 'or' || token.negated) continue;
    for (const match of token.text.matchAll(NON_CJK_WORD)) words.push(foldCase(match[0]));
    for (const match of token.text.matchAll(CJK_RUN)) cjkRuns.push(match[0]);
  }
  return { words, cjkRuns };
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a[i] === b[i]) i++;
  return i;
}

/**
 * Whether a word of the text is the query word or, plausibly, another form of it. Stemming is left to
 * PostgreSQL; here a shared beginning is enough: 5+ letters covering all but the last three of the query
 * word (женщина/женщинам, предпринимательство/предпринимательства), or 4 letters when one word is the whole
 * beginning of the other (work/working) — so право (right) does not light up правительство (government).
 */
function sameWord(queryWord: string, textWord: string): boolean {
  if (queryWord === textWord) return true;
  const shared = commonPrefixLength(queryWord, textWord);
  if (shared < Math.max(4, queryWord.length - 3)) return false;
  return shared >= 5 || shared === Math.min(queryWord.length, textWord.length);
}

interface Found {
  /** UTF-16 offset. */
  at: number;
  length: number;
}

function earliest(a: Found | null, b: Found | null): Found | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.at < a.at ? b : a;
}

function firstOccurrence(text: string, needles: string[]): Found | null {
  let best: Found | null = null;
  for (const needle of needles) {
    const at = text.indexOf(needle);
    if (at >= 0) best = earliest(best, { at, length: needle.length });
  }
  return best;
}

/**
 * Where scanning the text's words can start: every word sameWord() accepts begins with the query word's
 * first max(4, length − 3) letters, so the text before the first such beginning holds no match (-1: none
 * anywhere). Runs on every search hit, so it uses indexOf rather than a regex pass over the whole text.
 */
function scanStart(text: string, words: string[]): number {
  const lower = foldCase(text);
  // Case folding that changes a text's length (rare letters) would shift offsets: scan it all then.
  if (lower.length !== text.length) return 0;
  let first = -1;
  for (const w of words) {
    const at = lower.indexOf(w.slice(0, Math.max(4, w.length - 3)));
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first < 0 ? -1 : lower.lastIndexOf(' ', first) + 1;
}

/** The first place the query shows up in the text, or null. */
function firstMatch(text: string, terms: SnippetTerms): Found | null {
  let word: Found | null = null;
  const from = terms.words.length > 0 ? scanStart(text, terms.words) : -1;
  if (from >= 0) {
    for (const match of text.slice(from).matchAll(NON_CJK_WORD)) {
      const folded = foldCase(match[0]);
      if (terms.words.some((queryWord) => sameWord(queryWord, folded))) {
        word = { at: from + match.index, length: match[0].length };
        break;
      }
    }
  }
  const whole = earliest(word, firstOccurrence(text, terms.cjkRuns));
  // Without the whole run, one of its bigrams is the next best sign of where the search matched.
  return whole ?? firstOccurrence(text, terms.cjkRuns.flatMap(bigrams));
}

const ELLIPSIS = '…';
// How far a cut may move to land on a space instead of in the middle of a word; text without spaces (Chinese) is cut anywhere.
const WORD_SNAP = 20;

/**
 * A plain-text excerpt of at most `length` characters (code points, "…" included) around the first place the
 * query matches, or from the start when it does not match. Input and output are text, not HTML.
 */
export function snippet(plain: string, q: string, length = 160): string {
  const text = plain.replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  const max = Math.max(1, Math.floor(length));
  if (chars.length <= max) return text;

  const found = firstMatch(text, snippetTerms(q));
  // Offsets from here on count code points, so a cut never splits a surrogate pair.
  const at = found === null ? 0 : Array.from(text.slice(0, found.at)).length;
  const matchEnd = found === null ? 0 : at + Array.from(text.slice(found.at, found.at + found.length)).length;

  // A third of the window before the match gives it some lead-in without wasting the space after it.
  let start = Math.max(0, at - Math.floor(max / 3));
  let end = Math.min(chars.length, start + max);
  start = Math.max(0, end - max);
  if (max > 2) {
    if (start > 0) start++;
    if (end < chars.length) end--;
  }

  if (start > 0 && chars[start - 1] !== ' ') {
    for (let i = start; i < Math.min(start + WORD_SNAP, at); i++) {
      if (chars[i] === ' ') {
        start = i + 1;
        break;
      }
    }
  }
  if (end < chars.length && chars[end] !== ' ') {
    for (let i = end - 1; i > Math.max(end - WORD_SNAP, matchEnd - 1); i--) {
      if (chars[i] === ' ') {
        end = i;
        break;
      }
    }
  }

  const body = chars.slice(start, end).join('').trim();
  if (max <= 2) return body;
  return `${start > 0 ? ELLIPSIS : ''}${body}${end < chars.length ? ELLIPSIS : ''}`;
}

// Letters that single out one Cyrillic alphabet among the CAREC languages (Russian letters are shared by all).
const TAJIK_ONLY = /[ӣӯҷӢӮҶ]/gu;
const UZBEK_CYRILLIC_ONLY = /[ўЎ]/gu;
const TAJIK_OR_UZBEK = /[ҳҲ]/gu;
const KAZAKH_ONLY = /[әұіһӘҰІҺ]/gu;
// ғ and қ are Kazakh, but Tajik and Uzbek Cyrillic use them too; they count only once those are ruled out.
const KAZAKH_TAJIK_UZBEK = /[ғқҒҚ]/gu;
// ң is Kazakh and Kyrgyz; Mongolian Cyrillic has ө and ү but no ң.
const KYRGYZ_NOT_MONGOLIAN = /[ңҢ]/gu;

// Pashto letters not used in Urdu or Dari.
const PASHTO_ONLY = /[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]/gu;

// Uzbek Latin writes oʻ/gʻ with U+02BB; ‘ and ʼ are common stand-ins. English never puts these after o/g inside a word.
const UZBEK_LATIN_STRONG = /[oOgG][\u02bb\u02bc\u2018]\p{L}/gu;
// The ASCII apostrophe and ’ stand in too, but also occur in English (o'clock, O’Brien): two are needed.
const UZBEK_LATIN_WEAK = /[oOgG]['’`]\p{L}/gu;
const AZERBAIJANI = /[əƏ]/gu;
// ň and ý are Turkmen among CAREC languages (Turkish and Azerbaijani have neither).
const TURKMEN = /[ňŇýÝ]/gu;

type Script = 'han' | 'kana' | 'hangul' | 'cyrillic' | 'georgian' | 'arabic' | 'armenian' | 'mongolian' | 'latin';

const SCRIPTS: ReadonlyArray<[Script, RegExp]> = [
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['georgian', /\p{Script=Georgian}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['mongolian', /\p{Script=Mongolian}/u],
  ['latin', /\p{Script=Latin}/u],
];

function countScripts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0];
    if (script !== undefined) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

/**
 * A telling letter settles a short title, but in a long text it must be more than a quoted name: a Russian
 * article that mentions "Қасым-Жомарт" once is still Russian. In the languages themselves these letters make up
 * several percent of the text, so 1% of the script's letters (at least `minimum`) is a safe bar.
 */
function marked(text: string, pattern: RegExp, letters: number, minimum = 1): boolean {
  const found = text.match(pattern)?.length ?? 0;
  return found >= Math.max(minimum, Math.ceil(letters / 100));
}

function guessCyrillic(text: string, letters: number): string {
  if (marked(text, TAJIK_ONLY, letters)) return 'tg';
  if (marked(text, UZBEK_CYRILLIC_ONLY, letters)) return 'uz';
  if (marked(text, TAJIK_OR_UZBEK, letters)) return 'tg';
  if (marked(text, KAZAKH_ONLY, letters) || marked(text, KAZAKH_TAJIK_UZBEK, letters)) return 'kk';
  if (marked(text, KYRGYZ_NOT_MONGOLIAN, letters)) return 'ky';
  // Only ө/ү left: Kyrgyz and Mongolian both use them and nothing else tells them apart in a short text, so
  // neither guess is "clear"; 'ru' keeps the default rather than a coin toss (authors can always say).
  return 'ru';
}

function guessLatin(text: string, letters: number): string {
  if (marked(text, AZERBAIJANI, letters)) return 'az';
  if (marked(text, UZBEK_LATIN_STRONG, letters) || marked(text, UZBEK_LATIN_WEAK, letters, 2)) return 'uz';
  if (marked(text, TURKMEN, letters)) return 'tk';
  return 'en';
}

/**
 * A BCP-47 primary language tag guessed from the script of the text, for content whose author did not say;
 * 'und' (undetermined) when the text has no letters. It is a guess from letters only, so texts in languages
 * sharing an alphabet get that alphabet's default unless letters of their own show: Cyrillic 'ru', Latin 'en',
 * Arabic script 'ur'.
 */
const GUESS_SAMPLE = 5000;

export function guessLanguage(text: string): string {
  // The start of a text tells its script as well as the whole, and bounds the work (this runs on every write).
  const sample = cutText(text, GUESS_SAMPLE);
  // Addresses are Latin whatever language surrounds them; they should not outvote a short Russian sentence.
  // Bounded parts: an unbounded \S+@\S+ backtracks quadratically over a long run without spaces.
  const prose = sample.replace(/\b(?:https?:\/\/|www\.)\S{0,2000}|[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{0,63}/gi, ' ');
  const counts = countScripts(prose);
  let dominant: Script | undefined;
  let most = 0;
  for (const [script, count] of counts) {
    if (count > most) {
      dominant = script;
      most = count;
    }
  }
  // Japanese mixes Han and kana, and kana has no place in Chinese.
  const kana = counts.get('kana') ?? 0;
  if ((dominant === 'han' || dominant === 'kana') && kana >= Math.max(1, Math.ceil((most + kana) / 100))) return 'ja';
  switch (dominant) {
    case undefined:
      return 'und';
    case 'han':
      return 'zh';
    case 'kana':
      return 'ja';
    case 'hangul':
      return 'ko';
    case 'cyrillic':
      return guessCyrillic(prose, most);
    case 'georgian':
      return 'ka';
    case 'arabic':
      // Urdu (Pakistan) is the default; Pashto (Afghanistan) has letters of its own. Dari has none that Urdu
      // lacks, so it cannot be told from Urdu by letters alone.
      return marked(prose, PASHTO_ONLY, most) ? 'ps' : 'ur';
    case 'armenian':
      return 'hy';
    case 'mongolian':
      return 'mn';
    case 'latin':
      return guessLatin(prose, most);
  }
}

