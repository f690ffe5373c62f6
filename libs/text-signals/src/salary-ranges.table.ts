// Rough monthly pay ranges per CAREC country and rough exchange rates, for spotting pay that is wildly off.
//
// These are deliberately coarse figures as of 2026, not market data: a range spans typical posted jobs
// from entry level up to senior professional and international-organisation posts, and the rates are
// approximate. They are used only to flag a figure more than PAY_CEILING_FACTOR times the high end
// (or a maximum below the minimum), so an error of 20-30% in either table changes nothing. Review them
// once a year or after a large devaluation; never use them to judge whether pay is fair.

/** Usual monthly gross pay in USD (low to high end) for jobs posted in each country. */
export const MONTHLY_PAY_USD: Readonly<Record<string, { low: number; high: number }>> = {
  AZ: { low: 300, high: 3000 },
  CN: { low: 600, high: 6000 },
  GE: { low: 400, high: 3500 },
  KZ: { low: 400, high: 4000 },
  KG: { low: 250, high: 2500 },
  MN: { low: 350, high: 3000 },
  PK: { low: 150, high: 2500 },
  TJ: { low: 200, high: 2000 },
  TM: { low: 200, high: 2000 },
  UZ: { low: 300, high: 3000 },
};

/**
 * A remote job may be paid from abroad at international rates, so its high end is at least this much
 * whatever the country (a senior remote developer hired from the region, roughly).
 */
export const REMOTE_HIGH_USD = 5000;

/** Pay above this many times the usual high end is flagged: far enough out that only a lure or a typo gets there. */
export const PAY_CEILING_FACTOR = 5;

/** Units of each currency per 1 USD, rough as of 2026. */
export const UNITS_PER_USD: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 0.87,
  KZT: 520,
  UZS: 12_500,
  KGS: 87.5,
  TJS: 9.5,
  AZN: 1.7,
  GEL: 2.7,
  MNT: 3_600,
  PKR: 282,
  CNY: 7.1,
  TMT: 3.5,
  RUB: 85,
};

/** The currency a posting from each country is most likely in when it names none. */
export const LOCAL_CURRENCY: Readonly<Record<string, string>> = {
  AZ: 'AZN',
  CN: 'CNY',
  GE: 'GEL',
  KZ: 'KZT',
  KG: 'KGS',
  MN: 'MNT',
  PK: 'PKR',
  TJ: 'TJS',
  TM: 'TMT',
  UZ: 'UZS',
};

/** Symbols and common spellings people type in the currency field, mapped to ISO codes. */
const CURRENCY_ALIASES: Readonly<Record<string, string>> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '₸': 'KZT',
  ТЕНГЕ: 'KZT',
  ТГ: 'KZT',
  TENGE: 'KZT',
  СУМ: 'UZS',
  SUM: 'UZS',
  "SO'M": 'UZS',
  СОМ: 'KGS',
  SOM: 'KGS',
  СОМОНИ: 'TJS',
  SOMONI: 'TJS',
  '₼': 'AZN',
  МАНАТ: 'AZN',
  '₾': 'GEL',
  ЛАРИ: 'GEL',
  LARI: 'GEL',
  '₮': 'MNT',
  RS: 'PKR',
  'RS.': 'PKR',
  '¥': 'CNY',
  RMB: 'CNY',
  '元': 'CNY',
  '₽': 'RUB',
  РУБ: 'RUB',
  'РУБ.': 'RUB',
};

/** The ISO code for a currency field, or null when it names a currency this table does not know. */
export function currencyCode(currency: string): string | null {
  const key = currency.trim().toUpperCase();
  const code = CURRENCY_ALIASES[key] ?? key;
  return code in UNITS_PER_USD ? code : null;
}

/** Converts an amount to USD; null when the currency is not in the table. */
export function toUsd(amount: number, currency: string): number | null {
  const code = currencyCode(currency);
  return code === null ? null : amount / UNITS_PER_USD[code];
}
