/**
 * Remembers access tokens that passed signature verification, until they expire, so that a
 * member's next requests skip the ES256 check (the largest single cost of a signed-in request).
 * Only what the signature proved is cached; status, roles and ended sessions are still checked
 * on every request. Bounded: the oldest entry goes when it is full.
 */
import type { Principal } from '@weop/contracts';

interface Entry {
  principal: Principal;
  expiresAtMs: number;
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 50_000) {}

  get(token: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= now) {
      this.entries.delete(token);
      return undefined;
    }
    // A copy: the guard replaces roles on the principal it hands on.
    return { ...entry.principal, roles: [...entry.principal.roles] };
  }

  set(token: string, principal: Principal, expiresAtSeconds: number): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { principal: { ...principal, roles: [...principal.roles] }, expiresAtMs: expiresAtSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
