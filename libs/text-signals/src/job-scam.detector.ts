// Reads a job posting for the usual marks of recruitment scams and names each one it finds, so that the
// content service can file a system report. It never rejects a posting: a moderator reads the signals
// and decides, so every rule prefers missing a scam to flagging a genuine employer.
import {
  domainFitsOrganization,
  isFreeMailDomain,
  parseOrganizationName,
  registrableDomain,
  usesOrganizationName,
  type OrganizationName,
} from './organization-domain.matcher';
import {
  LOCAL_CURRENCY,
  MONTHLY_PAY_USD,
  PAY_CEILING_FACTOR,
  REMOTE_HIGH_USD,
  currencyCode,
  toUsd,
} from './salary-ranges.table';
import { clip, signal, type Signal } from './signal';

export interface JobPostingForScreening {
  title: string;
  organization: string;
  description: string;
  howToApply: string;
  salaryMin?: number | null;
  salaryMax?: number | null;
  currency?: string | null;
  /** ISO 3166-1 alpha-2 code of a CAREC country. */
  country: string;
  remote?: boolean;
}

export function detectJobScam(job: JobPostingForScreening): Signal[] {
  const signals: Signal[] = [];

  const fee = findFeeRequest([job.title, job.description, job.howToApply].join('\n'));
  if (fee !== null) signals.push(signal('job-scam', 'fee-to-apply', `The posting asks applicants to pay: "${clip(fee, 140)}".`));

  const contacts = readContacts(job.howToApply);
  const hasOfficialChannel = contacts.organizationEmails.length > 0 || contacts.websites.length > 0;
  if (contacts.messengers.length > 0 && !hasOfficialChannel) {
    signals.push(
      signal(
        'job-scam',
        'messaging-app-only',
        `Applications go only through ${contacts.messengers.join(', ')}; how to apply gives no organisation email or website.`,
      ),
    );
  }

  const named = isNamedOrganization(job.organization);
  if (named && contacts.freeMailEmails.length > 0 && !hasOfficialChannel) {
    signals.push(
      signal(
        'job-scam',
        'personal-email',
        `"${clip(job.organization, 80)}" takes applications only at a personal mail address (${contacts.freeMailEmails.slice(0, 3).join(', ')}), not at an organisation domain.`,
      ),
    );
  }

  const organization = named ? parseOrganizationName(job.organization) : null;
  const mismatch = organization === null ? null : domainMismatch(job.organization, organization, contacts);
  if (mismatch !== null) signals.push(signal('job-scam', 'organization-domain-mismatch', mismatch));

  const pay = payOutOfRange(job);
  if (pay !== null) signals.push(signal('job-scam', 'pay-out-of-range', pay));

  return signals;
}

/**
 * A private message from someone she does not know (the first message of a request): only a request to
 * pay is read. Contacts and pay are a posting's facts; in a conversation "write to me on Telegram" is normal.
 */
export function detectScamInMessage(text: string): Signal[] {
  const fee = findFeeRequest(text);
  return fee === null ? [] : [signal('job-scam', 'fee-to-apply', `The message asks the reader to pay: "${clip(fee, 140)}".`)];
}

// ---------------------------------------------------------------------------------------------------
// Fees. Scanned clause by clause so that a denial ("UNDP does not charge a fee…", "обучение за счёт
// компании") or the employer paying ("we pay $800 a month") in the same clause cancels the match.

/** Not preceded or followed by a letter or digit; \b does not work for Cyrillic. */
const L = String.raw`(?<![\p{L}\p{N}])`;
const R = String.raw`(?![\p{L}\p{N}])`;

const CURRENCY_WORD = String.raw`(?:usd|us\$|\$|dollars?|eur|euros?|€|kzt|tenge|tg|тенге|тг|₸|uzs|sum|so['ʻ‘’]?m|сум\p{L}*|kgs|som|сом|tjs|somoni|сомони|azn|manat|манат\p{L}*|₼|gel|lari|лари|₾|mnt|tugriks?|төгрөг|тугрик\p{L}*|₮|pkr|rs\.?|rupees?|рупи\p{L}*|cny|rmb|yuan|юан\p{L}*|元|tmt|rub|руб\p{L}*|₽)`;
/** An amount of money: "$50", "€ 20", "15 000 тенге", "5000 tg"; capped at 20 characters so a long run of digits stays linear. */
const MONEY = String.raw`(?:[$€£₸₽¥₼₾₮]\s?\d|\d[\d\s.,]{0,20}\s?${CURRENCY_WORD}(?![\p{L}]))`;

const EN_FEE_PURPOSE = String.raw`(?:registration|application|applying|processing|training|joining|membership|enrol(?:l)?ment|admission|placement|recruitment|onboarding|interview|medical|visa|documents?|documentation|uniform|starter|kit|security|certificate|certification|course|materials?|verification|entry)`;
const EN_PAY_PURPOSE = String.raw`(?:register|registration|apply|application|(?:the\s+)?training|join|start|secure|reserve|book|confirm|process|processing|(?:the\s+)?course|documents?|visa|uniform|medical|materials?|(?:your|the)\s+(?:place|spot|seat|position|kit|application|registration|training))`;
const RU_FEE_OBJECT = String.raw`(?:обучени|регистраци|оформлени|трудоустройств|стажировк|курс|документ|медкомисси|медосмотр|униформ|анкет|собеседовани|пропуск|виз[аыу]|участи|материал|тренинг|спецодежд)\p{L}*`;

const FEE_PATTERNS: readonly RegExp[] = [
  // "registration fee", "training fees", "security deposit"
  new RegExp(String.raw`${L}${EN_FEE_PURPOSE}[\s-]+(?:fees?|charges?|payments?|deposits?)${R}`, 'iu'),
  // "a fee of $30", "deposit of 20 000 KZT"
  new RegExp(String.raw`${L}(?:fees?|deposits?|charges?)\s+(?:of|in the amount of|amounting to)\s+${MONEY}`, 'iu'),
  // "$30 fee", "5000 tenge deposit"
  new RegExp(String.raw`${MONEY}\s*(?:one[\s-]time\s+|refundable\s+|non-refundable\s+|small\s+)?(?:fees?|deposits?)${R}`, 'iu'),
  // "a small fee", "upfront payment", "refundable deposit"
  new RegExp(String.raw`${L}(?:refundable|non-refundable|one[\s-]time|up[\s-]?front|advance|small|nominal|entry)\s+(?:fees?|deposits?|payments?)${R}`, 'iu'),
  // "you must pay a fee", "candidates need to transfer $100" ("you will pay attention" is no fee)
  new RegExp(
    String.raw`${L}(?:you|applicants?|candidates?|participants?|trainees?|everyone)\s+(?:will\s+|must\s+|need\s+to\s+|needs\s+to\s+|have\s+to\s+|has\s+to\s+|are\s+required\s+to\s+|is\s+required\s+to\s+|should\s+|only\s+)+(?:first\s+)?(?:pay(?:\s+(?:a|an|the|only|just))?\s+(?:${MONEY}|(?:small\s+|one[\s-]time\s+|${EN_FEE_PURPOSE}\s+)?(?:fees?|deposits?|charges?)${R}|for\s)|(?:deposit|transfer)\s+${MONEY}|send\s+(?:money${R}|${MONEY}))`,
    'iu',
  ),
  // A clause that starts with the order to pay: "Pay $50 to register", "Just send 5000 tenge".
  new RegExp(String.raw`^(?:just\s+|only\s+|simply\s+|please\s+|first\s+)?(?:pay|transfer|deposit|send)\s+(?:only\s+|just\s+)?(?:a\s+|the\s+)?(?:${MONEY}|small\s+fee|fee|deposit)`, 'iu'),
  // "pay $50 for the training", "pay 20 USD to register"
  new RegExp(String.raw`${L}pay(?:ing)?\s+(?:a\s+|the\s+|only\s+|just\s+)?${MONEY}[^.]{0,30}?\s(?:to|for)\s+${EN_PAY_PURPOSE}${R}`, 'iu'),
  // "pay for your training"
  new RegExp(String.raw`${L}pay(?:ing)?\s+for\s+(?:your\s+own\s+|your\s+|the\s+)?${EN_PAY_PURPOSE}${R}`, 'iu'),
  new RegExp(String.raw`${L}(?:via|through|by|using|with)\s+(?:western\s+union|moneygram|gift\s+cards?)${R}`, 'iu'),

  // "регистрационный взнос", "вступительный сбор", "гарантийный платёж"
  new RegExp(String.raw`${L}(?:регистрационн|вступительн|членск|гарантийн|организационн|учебн)\p{L}*\s+(?:взнос|сбор|плат[её]ж)\p{L}*`, 'iu'),
  new RegExp(String.raw`${L}взнос\p{L}*`, 'iu'),
  new RegExp(String.raw`${L}предоплат\p{L}*`, 'iu'),
  // "оплатить", "заплатите": the reader is the one paying unless an employer is named as the payer.
  new RegExp(String.raw`${L}(?:о|за)платит[еь]${R}`, 'iu'),
  // "внести / перевести / отправить" only with money as the object ("перевести документы" is translating).
  new RegExp(
    String.raw`${L}(?:внести|внесите|перевести|переведите|перечислить|перечислите|скинуть|скиньте|отправить|отправьте)\s+(?:\p{L}+\s+){0,3}?(?:${MONEY}|деньги|сумм\p{L}*|оплат\p{L}*|взнос\p{L}*|залог|депозит|предоплат\p{L}*|на\s+(?:карту|сч[её]т|каспи|kaspi|номер))`,
    'iu',
  ),
  // "оплата обучения", "плата за оформление", "стоимость курса", "деньги за трудоустройство"
  new RegExp(String.raw`${L}(?:оплат[аыу]|плат[аыу]|стоимость|деньги|денег|сумм[аыу]|комисси[яюи])\s+(?:за\s+)?(?:ваше\s+)?${RU_FEE_OBJECT}`, 'iu'),
  new RegExp(String.raw`${L}(?:залог|депозит)\p{L}*\s+(?:в\s+размере\s+)?${MONEY}`, 'iu'),
];

/** A denial or "free" anywhere before the match in its clause. */
const NEGATION = new RegExp(
  String.raw`${L}(?:no|not|never|without|nor|free|don't|doesn't|won't|cannot|can't|не|нет|без|ни|никаких|никогда|бесплатн\p{L}*)${R}`,
  'iu',
);
/** The cost is carried by someone else, said anywhere in the clause. */
const COVERED = new RegExp(
  String.raw`(?:covered|reimburs|waived|is free|are free|free of charge|at (?:our|the company's|the employer's) expense|paid by (?:the\s+)?(?:employer|company|organi[sz]ation|us)|за\s+сч[её]т|компенсир|возмеща|бесплатн|не\s+требуется|не\s+взима|не\s+бер[её]м)`,
  'iu',
);
/** The employer is the one paying: "we pay", "компания оплачивает". */
const EMPLOYER_PAYS = new RegExp(
  String.raw`${L}(?:we|the company|our company|the employer|employer|the organi[sz]ation|компания|работодатель|организация|фирма|банк|мы)\s+(?:\p{L}+\s+)?(?:pay|pays|covers?|reimburses?|provides?|оплачива|оплатит|компенсир|покрыва|возмеща|бер[её]т\s+на\s+себя)`,
  'iu',
);
/** Social contributions and taxes an employer withholds are not a fee on the applicant. */
const PAYROLL_CONTRIBUTION = /пенсион|социальн|страхов|ОПВ|ОСМС|ОППВ|налог|pension|social (?:security|insurance)|health insurance|(?<![\p{L}])tax(?:es)?(?![\p{L}])/iu;

/** The first clause that asks the applicant for money, or null. */
export function findFeeRequest(text: string): string | null {
  for (const clause of clauses(text)) {
    for (const pattern of FEE_PATTERNS) {
      const match = pattern.exec(clause);
      if (match === null) continue;
      const before = clause.slice(0, match.index);
      const upToMatch = clause.slice(0, match.index + match[0].length);
      if (NEGATION.test(before) || EMPLOYER_PAYS.test(upToMatch) || COVERED.test(clause) || PAYROLL_CONTRIBUTION.test(clause)) continue;
      return clause;
    }
  }
  return null;
}

function clauses(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?。！？])\s+|[;,()«»"“”„，；]|\s[-–—]\s|[–—]/u)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

// ---------------------------------------------------------------------------------------------------
// Contact channels in "how to apply".

// Repeats are capped (64-character labels, 10 of them) so long runs of dots or digits stay linear.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@((?:[A-Za-z0-9-]{1,63}\.){1,10}[A-Za-z]{2,24})(?![A-Za-z0-9-])/g;
const URL = /(?:https?:\/\/|www\.)[^\s<>"'()]+/gi;
const BARE_HOST =
  /(?<![@\w.-])((?:[a-z0-9-]{1,63}\.){1,10}(?:com|org|net|int|edu|gov|info|biz|jobs|careers|io|app|dev|site|online|work|xyz|top|kz|uz|kg|tj|tm|az|ge|mn|pk|cn|ru|de|uk|eu|fr|ch|us|co|me|im))(?:\/\S*)?(?![\w-])/gi;

const MESSENGERS: ReadonlyArray<readonly [string, RegExp]> = [
  ['WhatsApp', /whats\s?app|(?<![\p{L}.])wa\.me\/|ва[тц]+\s?ап|вотс\s?ап|уатсап/iu],
  ['Telegram', /telegram|телеграм|(?<![\p{L}.])t(?:elegram)?\.me\//iu],
  ['Viber', /viber|вайбер|вибер/iu],
  ['WeChat', /wechat|weixin|微信|вичат/iu],
  // "Signal" and "IMO" are ordinary words too, so only their app-like uses count.
  ['Signal', /(?<![\p{L}])Signal(?=\s*(?:[:(+@]|messenger|app))|(?<![\p{L}])(?:via|on|in|through|by)\s+Signal(?![\p{L}])|signal\.(?:me|group)\//u],
  ['IMO', /(?<![\p{L}])(?:IMO|imo)(?=\s*[:(@]|\s*\+\d)|imo\.im/u],
  ['QQ', /(?<![\p{L}.@])QQ(?![\p{L}.])/u],
];
/** Hosts that are a chat, a social profile or a hidden redirect: not an organisation's own website. */
const NOT_A_WEBSITE = new Set([
  't.me', 'telegram.me', 'telegram.org', 'wa.me', 'whatsapp.com', 'viber.com', 'signal.me', 'signal.group', 'imo.im',
  'wechat.com', 'weixin.qq.com', 'qq.com', 'instagram.com', 'facebook.com', 'fb.com', 'vk.com', 'ok.ru',
  'tiktok.com', 'x.com', 'twitter.com', 'youtube.com', 'bit.ly', 'tinyurl.com', 'goo.gl', 'cutt.ly', 'clck.ru',
  't.co', 'is.gd', 'rebrand.ly', 'shorturl.at', 'tiny.cc', 'u.to',
]);

interface Contacts {
  organizationEmails: string[];
  freeMailEmails: string[];
  websites: string[];
  messengers: string[];
}

function readContacts(howToApply: string): Contacts {
  const organizationEmails: string[] = [];
  const freeMailEmails: string[] = [];
  for (const match of howToApply.matchAll(EMAIL)) {
    const email = match[0].replace(/^[._-]+|[._-]+$/g, '').toLowerCase();
    (isFreeMailDomain(match[1]) ? freeMailEmails : organizationEmails).push(email);
  }
  const withoutEmails = howToApply.replace(EMAIL, ' ');

  const websites: string[] = [];
  for (const pattern of [URL, BARE_HOST]) {
    for (const match of withoutEmails.matchAll(pattern)) {
      const host = hostOf(match[0]);
      const registrable = host === null ? null : registrableDomain(host);
      if (host === null || registrable === null) continue;
      if (NOT_A_WEBSITE.has(host) || NOT_A_WEBSITE.has(registrable.domain)) continue;
      websites.push(host);
    }
  }

  const messengers = MESSENGERS.filter(([, pattern]) => pattern.test(withoutEmails)).map(([name]) => name);
  return { organizationEmails: unique(organizationEmails), freeMailEmails: unique(freeMailEmails), websites, messengers };
}

function hostOf(link: string): string | null {
  const host = link
    .replace(/^https?:\/\//i, '')
    .split(/[/?#:]/)[0]
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.+$/, '');
  return host.includes('.') ? host : null;
}

const UNNAMED_ORGANIZATION =
  /^(?:|-+|n\/?a|none|unknown|confidential|anonymous|private|private (?:employer|person|individual|company)|individual|employer|частное лицо|частный работодатель|работодатель|конфиденциально|не указан[оа]?|аноним\p{L}*)$/iu;

function isNamedOrganization(organization: string): boolean {
  const name = organization.trim().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  return name.length >= 2 && !UNNAMED_ORGANIZATION.test(name);
}

function domainMismatch(name: string, organization: OrganizationName, contacts: Contacts): string | null {
  const org = clip(name, 80);
  // An address on a free mail service under the organisation's name is a borrowed identity.
  for (const email of contacts.freeMailEmails) {
    const [local, host] = email.split('@');
    if (usesOrganizationName(local, organization)) {
      return `The address ${email} uses the name of "${org}" on a free mail service (${host}) instead of the organisation's own domain.`;
    }
  }
  const fitting: string[] = [];
  const notFitting: string[] = [];
  for (const email of contacts.organizationEmails) {
    (domainFitsOrganization(email.split('@')[1], organization) ? fitting : notFitting).push(email);
  }
  // A domain built around the organisation's name plus words of its own is the lookalike pattern.
  for (const email of notFitting) {
    const registrable = registrableDomain(email.split('@')[1]);
    if (registrable !== null && usesOrganizationName(registrable.label, organization)) {
      return `The address ${email} is on ${registrable.domain}, which borrows the name of "${org}" but is not a domain that fits it.`;
    }
  }
  if (fitting.length === 0 && notFitting.length > 0) {
    const domains = unique(notFitting.map((e) => registrableDomain(e.split('@')[1])?.domain ?? e));
    return `The contact email domain (${domains.slice(0, 3).join(', ')}) does not fit the organisation name "${org}".`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Pay. Figures are taken as monthly; see salary-ranges.table.ts for how rough the table is.

function payOutOfRange(job: JobPostingForScreening): string | null {
  const min = positive(job.salaryMin);
  const max = positive(job.salaryMax);
  if (min !== null && max !== null && max < min) {
    return `The maximum salary (${amount(max)}) is below the minimum (${amount(min)}).`;
  }
  const top = max ?? min;
  const country = job.country.trim().toUpperCase();
  const range = MONTHLY_PAY_USD[country];
  if (top === null || range === undefined) return null;
  // With no currency, the local one is assumed: it is worth less than USD, so this errs towards not flagging.
  const currency = job.currency?.trim() ? currencyCode(job.currency) : LOCAL_CURRENCY[country];
  if (currency === null) return null;
  const usd = toUsd(top, currency);
  const high = job.remote === true ? Math.max(range.high, REMOTE_HIGH_USD) : range.high;
  if (usd === null || usd <= PAY_CEILING_FACTOR * high) return null;
  return (
    `Pay of ${amount(top)} ${currency} a month (about ${amount(Math.round(usd))} USD) is more than ${PAY_CEILING_FACTOR} times ` +
    `the usual high end for ${job.remote === true ? 'a remote job' : country} (about ${amount(high)} USD).`
  );
}

function positive(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function amount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
