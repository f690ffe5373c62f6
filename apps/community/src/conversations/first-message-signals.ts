/**
 * Content's detectors, run on every message written into a conversation while it is still a request
 * for someone in it (a stranger's first words to her, and whatever she adds before it is accepted):
 * a request to pay (job scams) and someone's personal data (doxxing). A finding does not hold the
 * message back: she gets it with a warning, and moderators get a system report.
 */
import { cutText } from '@weop/contracts';
import type { Guideline, ReportSignal } from '@weop/contracts';
import { detectDoxxing, detectScamInMessage } from '@weop/text-signals';
import type { Signal } from '@weop/text-signals';

export interface Finding {
  guideline: Guideline;
  signals: ReportSignal[];
  /** What the reader is told beside the message; never shown to its author. */
  notice: string;
}

const asReportSignals = (signals: Signal[]): ReportSignal[] =>
  signals.map((s) => ({ detector: s.detector, code: cutText(s.code, 64), detail: cutText(s.detail, 500) }));

export function firstMessageFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  const scam = detectScamInMessage(text);
  if (scam.length > 0) {
    findings.push({
      guideline: 'no-scams',
      signals: asReportSignals(scam),
      notice: 'This message may be a scam: it asks you to pay. Genuine employers and programmes do not ask for fees. Do not send money; moderators have been told.',
    });
  }
  const doxxing = detectDoxxing(text);
  if (doxxing.length > 0) {
    findings.push({
      guideline: 'privacy',
      signals: asReportSignals(doxxing),
      notice: "This message seems to contain someone's personal details (a phone number, an ID number or an address). Moderators have been told.",
    });
  }
  return findings;
}
