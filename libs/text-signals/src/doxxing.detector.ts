// Finds personal data in free text (blog bodies, comments, discussion posts): phone numbers, national
// ID numbers and street addresses, so that a moderator can hide them before someone is found at home.
// Details show only the last few characters, because reports are read by staff and the point is to
// protect the person named.
import type { Finding } from './doxxing.finding';
import { findNationalIds } from './national-id.finder';
import { findPhoneNumbers } from './phone-number.finder';
import { signal, type Signal } from './signal';
import { findStreetAddresses } from './street-address.finder';

/** Past this many findings of one kind a single line says there are more, so a pasted list does not make a report of hundreds of lines. */
const MAX_SIGNALS_PER_CODE = 10;

/**
 * Links and email addresses carry digits that are not phone numbers ("…/news/87011234567", "?id=…").
 * Repeats are capped (64-character labels, 10 of them) so a long run like "1.1.1.…" cannot make matching quadratic.
 */
const LINK = /(?:https?:\/\/|www\.)\S+|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}|(?<![\w@.-])(?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24}\/\S*/giu;

export function detectDoxxing(text: string): Signal[] {
  // NFKC turns full-width digits (１３８…) into ASCII ones; link text is blanked, keeping offsets.
  const normalised = text.normalize('NFKC').replace(LINK, (link) => ' '.repeat(link.length));
  const ids = findNationalIds(normalised);
  const phones = findPhoneNumbers(normalised, ids);
  const addresses = findStreetAddresses(normalised, [...ids, ...phones]);

  const signals: Signal[] = [];
  for (const findings of [phones, ids, addresses]) {
    const seen = new Set<string>();
    const ordered = [...findings].sort((a, b) => a.start - b.start);
    for (const finding of ordered) {
      const masked = maskValue(finding.value);
      if (seen.has(masked)) continue;
      seen.add(masked);
      if (seen.size > MAX_SIGNALS_PER_CODE) {
        signals.push(signal('doxxing', finding.code, `More ${describeCode(finding.code)}s follow; the text lists over ${MAX_SIGNALS_PER_CODE}.`));
        break;
      }
      signals.push(signal('doxxing', finding.code, detail(finding, masked)));
    }
  }
  return signals;
}

function detail(finding: Finding, masked: string): string {
  const value = masked.endsWith('.') ? masked : `${masked}.`;
  switch (finding.code) {
    case 'phone-number':
      return `A phone number in ${finding.kind}: ${value}`;
    case 'national-id':
      return `What looks like ${article(finding.kind)} ${finding.kind}: ${value}`;
    case 'street-address':
      return `A street address (${finding.kind}): ${value}`;
  }
}

function article(noun: string): string {
  return /^[AEIOU]/i.test(noun) ? 'an' : 'a';
}

function describeCode(code: Finding['code']): string {
  switch (code) {
    case 'phone-number':
      return 'phone number';
    case 'national-id':
      return 'ID number';
    case 'street-address':
      return 'street address';
  }
}

/**
 * Replaces every letter and digit with "•" except the last few, keeping spaces and punctuation so the
 * moderator can find the spot in the text: "+7 701 123 45 67" → "+• ••• ••• 45 67". Values of ten
 * characters or more keep four; shorter ones keep two, so little of a short code is shown.
 */
export function maskValue(value: string): string {
  const chars = [...value];
  const isAlnum = (c: string) => /[\p{L}\p{N}]/u.test(c);
  const keep = chars.filter(isAlnum).length >= 10 ? 4 : 2;
  let kept = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!isAlnum(chars[i])) continue;
    if (kept < keep) kept++;
    else chars[i] = '•';
  }
  return chars.join('');
}
