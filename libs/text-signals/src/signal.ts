// What every text detector returns: a reason for a moderator to look, never a verdict or a removal.
// The shape matches ReportSignal in libs/contracts, which carries these on a system report.

export type SignalDetector = 'job-scam' | 'doxxing' | 'near-duplicate';

export interface Signal {
  detector: SignalDetector;
  /** Stable machine code, e.g. 'fee-to-apply', 'phone-number' (ReportSignal allows 64 chars). */
  code: string;
  /** One short English sentence for the moderator naming what matched (ReportSignal allows 500 chars). */
  detail: string;
}

/** ReportSignal refuses a detail over 500 characters, and a detail that long no longer reads as one sentence. */
export const MAX_DETAIL_LENGTH = 300;

export function signal(detector: SignalDetector, code: string, detail: string): Signal {
  return { detector, code, detail: clip(detail, MAX_DETAIL_LENGTH) };
}

/** Shortens text to at most max characters (code points), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
