/**
 * The sanction ladder: what a moderator is shown as the next step for an author, from her strikes
 * (upheld decisions against her that have not decayed) and the gravest guideline of the case. A
 * suggestion only: the moderator decides, and says why.
 *
 *   no strike → warn · 1 → suspend 7 days · 2 → suspend 30 days · 3 or more → expel
 *
 * A case under a critical guideline (safety) starts one step higher.
 */
import type { Guideline, SuggestedSanction } from '@weop/contracts';
import { guidelineEntry } from '../policy/guidelines.catalogue';

const STEPS: readonly Omit<SuggestedSanction, 'reason'>[] = [
  { action: 'warn' },
  { action: 'suspend', durationDays: 7 },
  { action: 'suspend', durationDays: 30 },
  { action: 'expel' },
];

export function suggestSanction(activeStrikes: number, guidelines: readonly Guideline[], decayDays: number): SuggestedSanction {
  const critical = guidelines.filter((g) => guidelineEntry(g).severity === 'critical');
  const step = Math.min(STEPS.length - 1, Math.max(0, activeStrikes) + (critical.length > 0 ? 1 : 0));
  const strikes = activeStrikes === 0 ? 'no strike' : activeStrikes === 1 ? '1 strike' : `${activeStrikes} strikes`;
  const reason = `${strikes} in the last ${decayDays} days${critical.length > 0 ? `; a critical guideline (${critical.join(', ')}) moves it one step up` : ''}`;
  return { ...STEPS[step], reason };
}

/** Whether a decision counts as a strike against the author: any decision that found a violation. */
export const isStrike = (action: string): boolean => action !== 'dismiss';
