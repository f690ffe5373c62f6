// Decides whether an email domain plausibly belongs to a named organisation, for the job-scam detector.
//
// The test is one-directional: every part of the domain's registrable label must be explained by the
// organisation's name (a word, a camelCase part, a prefix, or an acronym of consecutive words), while
// the name may have words the domain lacks ("Kaspi Bank" fits kaspi.kz). A domain that adds words of
// its own ("adb-careers.net" for Asian Development Bank) does not fit: that is how lookalike domains
// are built. Names are transliterated from Cyrillic so "Халык Банк" can fit halykbank.kz.

/** Second-level labels under which ccTLD registries sell names (kaspi.com.kz is registrable as "kaspi"). */
const SECOND_LEVEL_LABELS = new Set(['com', 'org', 'net', 'gov', 'edu', 'ac', 'co', 'mil', 'int', 'biz', 'info', 'or', 'go', 'ne', 'sch', 'nat', 'pp']);
/** Registries that hand out names only to governments, universities or treaty organisations: not a lure scammers can buy. */
const RESTRICTED_SECOND_LEVEL = new Set(['gov', 'edu', 'ac', 'mil', 'go', 'sch']);
const RESTRICTED_TLDS = new Set(['gov', 'edu', 'mil', 'int']);

/** Free mail services: anyone can open an address there under any name. */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'mail.ru', 'inbox.ru', 'bk.ru', 'list.ru', 'internet.ru', 'rambler.ru',
  'yandex.ru', 'yandex.kz', 'yandex.com', 'yandex.by', 'yandex.uz', 'ya.ru', 'mail.kz', 'umail.uz',
  'yahoo.com', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'aol.com', 'mail.com',
  'icloud.com', 'me.com', 'mac.com', 'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net',
  'sina.com', 'sina.cn', 'sohu.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'zoho.com',
]);
/** Providers that run the same free service under many country domains (yahoo.co.uk, hotmail.fr…). */
const FREE_MAIL_LABELS = new Set(['gmail', 'yahoo', 'hotmail', 'outlook', 'live', 'yandex']);

/**
 * Words many unrelated organisations share; an address containing one of these alone does not borrow a
 * particular organisation's name.
 */
const GENERIC_NAME_WORDS = new Set([
  'bank', 'group', 'company', 'international', 'global', 'national', 'university', 'institute', 'center', 'centre',
  'foundation', 'fund', 'development', 'association', 'agency', 'service', 'services', 'consulting', 'holding',
  'trade', 'trading', 'invest', 'finance', 'capital', 'business', 'office', 'school', 'college', 'project',
  'programme', 'program', 'ministry', 'united', 'nations', 'asian', 'central', 'asia', 'women', 'public',
  'azerbaijan', 'china', 'georgia', 'kazakhstan', 'kyrgyzstan', 'mongolia', 'pakistan', 'tajikistan',
  'turkmenistan', 'uzbekistan', 'almaty', 'astana', 'tashkent', 'bishkek', 'dushanbe', 'baku', 'tbilisi',
  'ulaanbaatar', 'islamabad', 'karachi', 'lahore', 'ashgabat', 'beijing', 'urumqi',
]);

/** The United Nations Secretariat and many of its offices share un.org. */
const UN_SHARED_DOMAIN = 'un.org';

/** Words that say what kind of body it is; a domain need not contain them and acronyms often skip them. */
const FILLER_WORDS = new Set([
  // English and other Latin-script function words
  'the', 'of', 'and', 'for', 'in', 'on', 'at', 'a', 'an', 'to', 'de', 'du', 'des', 'la', 'le', 'und', 'fur', 'fuer', 'et',
  // Russian function words, transliterated
  'i', 'v', 'po', 'dlya', 'na', 's',
  // legal forms (English, Russian/Kazakh/Uzbek abbreviations transliterated, German)
  'llc', 'ltd', 'limited', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'plc', 'inc', 'incorporated', 'corp', 'corporation', 'co',
  'llp', 'lp', 'gmbh', 'ag', 'sa', 'too', 'ao', 'oao', 'zao', 'ooo', 'pao', 'ip', 'mchzh', 'mchj', 'xk', 'ngo', 'npo',
  'ano', 'oo',
]);

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Kazakh, Kyrgyz, Uzbek, Tajik and Mongolian letters
  ә: 'a', ғ: 'g', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i', ў: 'o', ҳ: 'h', ҷ: 'j', ӣ: 'i', ӯ: 'u',
};

export interface RegistrableDomain {
  /** The registrable domain, e.g. "kaspi.kz", "kaspi.com.kz". */
  domain: string;
  /** Its own label, e.g. "kaspi", "adb-careers". */
  label: string;
  /** Under a registry that sells only to governments, universities or treaty bodies. */
  restricted: boolean;
}

/** The registrable part of a host name, by a small rule instead of the full public-suffix list. */
export function registrableDomain(host: string): RegistrableDomain | null {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l.length > 0);
  if (labels.length < 2) return null;
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  if (labels.length >= 3 && tld.length === 2 && SECOND_LEVEL_LABELS.has(second)) {
    return { domain: labels.slice(-3).join('.'), label: labels[labels.length - 3], restricted: RESTRICTED_SECOND_LEVEL.has(second) };
  }
  const restricted = RESTRICTED_TLDS.has(tld) || (tld.length === 2 && RESTRICTED_SECOND_LEVEL.has(second));
  return { domain: labels.slice(-2).join('.'), label: second, restricted };
}

export function isFreeMailDomain(host: string): boolean {
  const lower = host.toLowerCase();
  if (FREE_MAIL_DOMAINS.has(lower)) return true;
  const registrable = registrableDomain(lower);
  return registrable !== null && (FREE_MAIL_DOMAINS.has(registrable.domain) || FREE_MAIL_LABELS.has(registrable.label));
}

/** The pieces of an organisation's name a domain label may be built from. */
export interface OrganizationName {
  /** Every word, lowercased and transliterated. */
  words: string[];
  /** Words that identify the organisation (filler removed), with camelCase parts. */
  distinctive: string[];
  /** Acronyms of runs of consecutive words, two letters or longer. */
  acronyms: string[];
  /** Whether the name mentions the United Nations. */
  unitedNations: boolean;
}

/**
 * Reads an organisation name into comparable pieces; null when it has nothing a domain could be
 * compared with (empty, or only Chinese characters, which would need pinyin).
 */
export function parseOrganizationName(name: string): OrganizationName | null {
  const text = name.normalize('NFKC').replace(/&/g, ' and ');
  const rawWords = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const words: string[] = [];
  const distinctive: string[] = [];
  const camelRuns: string[][] = [];
  for (const raw of rawWords.slice(0, 16)) {
    const word = transliterate(raw.toLowerCase());
    if (!/^[a-z0-9]+$/.test(word)) continue;
    words.push(word);
    if (FILLER_WORDS.has(word)) continue;
    distinctive.push(word);
    // "KazMunayGas" is also "Kaz Munay Gas" (kmg.kz); an all-capitals acronym is left whole.
    const parts = raw.split(/(?<=\p{Ll})(?=\p{Lu})/u).map((p) => transliterate(p.toLowerCase()));
    if (parts.length > 1) {
      distinctive.push(...parts);
      camelRuns.push(parts);
    }
  }
  if (distinctive.length === 0) return null;

  const acronyms = new Set<string>();
  const content = words.filter((w) => !FILLER_WORDS.has(w));
  for (const run of [words, content, ...camelRuns]) {
    for (let start = 0; start < run.length; start++) {
      for (let end = start + 2; end <= run.length; end++) acronyms.add(run.slice(start, end).map((w) => w[0]).join(''));
    }
  }
  const unitedNations =
    /(?<![\p{L}])(united nations|un|оон)(?![\p{L}])/iu.test(text) || /(?<![\p{L}])UN[A-Z]{1,5}(?![\p{L}])/u.test(name);
  return { words, distinctive, acronyms: [...acronyms], unitedNations };
}

/** Whether the email domain plausibly belongs to the organisation. Restricted registries always fit. */
export function domainFitsOrganization(host: string, organization: OrganizationName): boolean {
  const registrable = registrableDomain(host);
  if (registrable === null) return false;
  if (registrable.restricted) return true;
  if (registrable.domain === UN_SHARED_DOMAIN && organization.unitedNations) return true;
  const label = registrable.label.replace(/-/g, '');
  if (!/^[a-z0-9]+$/.test(label)) return false;
  return segments(label, allowedPieces(organization, (s) => s)) || segments(canonical(label), allowedPieces(organization, canonical));
}

/**
 * Whether a string (a domain label or the local part of an address) uses the organisation's name:
 * one of its distinctive words (4+ letters) or its acronym (3+ letters), as in adb.jobs@gmail.com.
 */
export function usesOrganizationName(value: string, organization: OrganizationName): boolean {
  const parts = value.toLowerCase().split(/[^a-z]+/).filter((p) => p.length > 0);
  const words = organization.distinctive.filter((w) => w.length >= 4 && !/^\d+$/.test(w) && !GENERIC_NAME_WORDS.has(w));
  const acronyms = organization.acronyms.filter((a) => a.length >= 3);
  return parts.some((part) => {
    const canon = canonical(part);
    return (
      words.some((w) => part.includes(w) || canon.includes(canonical(w))) ||
      acronyms.some((a) => part === a || part.startsWith(a) || part.endsWith(a))
    );
  });
}

function allowedPieces(organization: OrganizationName, form: (s: string) => string): Set<string> {
  const pieces = new Set<string>();
  for (const word of [...organization.words, ...organization.distinctive]) {
    const w = form(word);
    pieces.add(w);
    // Prefixes cover shortened names (Freedom Finance → "fin"), long-word suffixes compounds (Kazakhtelecom → telecom.kz).
    for (let n = 3; n < w.length; n++) pieces.add(w.slice(0, n));
    if (w.length >= 8) for (let n = 4; n < w.length; n++) pieces.add(w.slice(w.length - n));
  }
  for (const acronym of organization.acronyms) pieces.add(form(acronym));
  pieces.delete('');
  return pieces;
}

/** Whether text splits entirely into allowed pieces (word-break by dynamic programming). */
function segments(text: string, pieces: Set<string>): boolean {
  const reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (let end = 1; end <= text.length; end++) {
    for (let start = 0; start < end && !reachable[end]; start++) {
      reachable[end] = reachable[start] && pieces.has(text.slice(start, end));
    }
  }
  return reachable[text.length];
}

export function transliterate(lower: string): string {
  let out = '';
  for (const ch of lower) out += CYRILLIC_TO_LATIN[ch] ?? ch;
  return out.normalize('NFKD').replace(/\p{M}/gu, '');
}

/**
 * Folds spellings that transliteration systems disagree on (kh/h, ks/x, ts/c, y/i…), applied to both
 * sides so "khalyk" meets "halyk" and "yandeks" meets "yandex".
 */
function canonical(latin: string): string {
  return latin
    .replace(/shch/g, 'sh')
    .replace(/dzh/g, 'j')
    .replace(/zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/ks/g, 'x')
    .replace(/ts/g, 'c')
    .replace(/ck/g, 'k')
    .replace(/y/g, 'i')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v');
}
