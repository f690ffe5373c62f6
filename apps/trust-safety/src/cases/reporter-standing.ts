/**
 * A reporter's track record weighs her reports: reports that were upheld before make the next one
 * count more (up to twice), reports that kept being dismissed make it count less (down to a quarter).
 * A reporter whose reports keep being dismissed is muted for a while: her reports are still taken,
 * kept and shown (marked), but they raise neither priority nor the auto-hide count.
 */
export interface Standing {
  upheld: number;
  dismissed: number;
  mutedUntil: Date | null;
}

export interface MuteRule {
  afterDismissed: number;
  days: number;
}

const MIN_WEIGHT = 0.25;
const MAX_WEIGHT = 2;

export function reportWeight(standing: Standing | null, now: Date): { weight: number; muted: boolean } {
  if (!standing) return { weight: 1, muted: false };
  if (standing.mutedUntil && standing.mutedUntil > now) return { weight: 0, muted: true };
  const weight = (1 + standing.upheld) / (1 + standing.dismissed);
  return { weight: Math.round(Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, weight)) * 100) / 100, muted: false };
}

/** Her record after one of her reports ended; muted when enough were dismissed and at most one in five upheld. */
export function afterOutcome(standing: Standing | null, upheld: boolean, rule: MuteRule, now: Date): Standing {
  const next: Standing = {
    upheld: (standing?.upheld ?? 0) + (upheld ? 1 : 0),
    dismissed: (standing?.dismissed ?? 0) + (upheld ? 0 : 1),
    mutedUntil: standing?.mutedUntil ?? null,
  };
  const alreadyMuted = next.mutedUntil !== null && next.mutedUntil > now;
  if (!upheld && !alreadyMuted && next.dismissed >= rule.afterDismissed && next.upheld * 5 <= next.upheld + next.dismissed) {
    next.mutedUntil = new Date(now.getTime() + rule.days * 86_400_000);
  }
  return next;
}
