/** Who may do what in awards, from the caller's roles (services check object rights themselves). */
import { DomainError, forbidden } from '@weop/contracts';
import type { Principal } from '@weop/contracts';

export const isAwardsAdmin = (caller: Principal | null | undefined): boolean => Boolean(caller?.roles.some((r) => r === 'awards-admin' || r === 'admin'));
export const isJudge = (caller: Principal | null | undefined): boolean => Boolean(caller?.roles.includes('judge'));

export function requireAwardsAdmin(caller: Principal): void {
  if (!isAwardsAdmin(caller)) throw forbidden('Only awards administrators do this.');
}

export function requireJudge(caller: Principal): void {
  if (!isJudge(caller)) throw forbidden('Only judges do this.');
}

/** A step the cycle is not at (opening nominations twice, scoring during screening, publishing before judging closes). */
export const wrongStage = (message: string): DomainError => new DomainError('WRONG_STAGE', message);
