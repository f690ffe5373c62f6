/**
 * How urgent a case is. The safety lane (threats, doxxing, intimate images, child safety: a report
 * under `safety`, or a doxxing detector's finding) is above every other case; inside a lane the
 * gravest guideline cited counts most, then the reports weighed by their reporters' track records
 * (muted reporters' reports count for nothing).
 */
import type { Guideline, ReportSignal } from '@weop/contracts';
import { SEVERITY_WEIGHT, guidelineEntry } from '../policy/guidelines.catalogue';

export const SAFETY_LANE_BONUS = 1000;
const PER_EXTRA_REPORT = 5;
const MAX_REPORTER_BONUS = 40;

export function isSafetyLane(guidelines: readonly Guideline[], signals: readonly ReportSignal[]): boolean {
  return guidelines.includes('safety') || signals.some((s) => s.detector === 'doxxing');
}

export function casePriority(input: { guidelines: readonly Guideline[]; weightedReports: number; safetyLane: boolean }): number {
  const gravest = Math.max(0, ...input.guidelines.map((g) => SEVERITY_WEIGHT[guidelineEntry(g).severity]));
  const reporters = Math.min(MAX_REPORTER_BONUS, Math.round(Math.max(0, input.weightedReports - 1) * PER_EXTRA_REPORT));
  return (input.safetyLane ? SAFETY_LANE_BONUS : 0) + gravest + reporters;
}
