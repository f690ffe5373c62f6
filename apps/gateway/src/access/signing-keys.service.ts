/** identity's public signing keys, fetched over NATS and cached; an unknown key id triggers a re-fetch. */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdentityRequests } from '@weop/contracts';
import type { SigningKeySet } from '@weop/contracts';
import type { SigningKeyProvider } from '@weop/auth';
import { ServiceClient } from '@weop/messaging';

// An unknown key id (a rotation) triggers a re-read, at most twice a second so forged ids cannot flood identity.
const REFETCH_AT_MOST_EVERY_MS = 500;
const REREAD_EVERY_MS = 60_000;

@Injectable()
export class SigningKeysService implements SigningKeyProvider {
  private keys = new Map<string, KeyObject>();
  private lastAttempt = 0;
  private inFlight?: Promise<void>;

  constructor(private readonly client: ServiceClient) {}

  knownKey(kid: string): KeyObject | undefined {
    // Re-read the set now and then, so a retired key stops being accepted without a restart.
    if (Date.now() - this.lastAttempt > REREAD_EVERY_MS) void this.refresh().catch(() => undefined);
    return this.keys.get(kid);
  }

  async publicKeyFor(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.has(kid)) {
      // A read already under way (perhaps started by knownKey) may bring this key: wait for it.
      if (this.inFlight) await this.inFlight;
      else if (Date.now() - this.lastAttempt > REFETCH_AT_MOST_EVERY_MS) await this.refresh();
    }
    return this.keys.get(kid);
  }

  /** A read, so safe to ask twice: once more when a replica vanished with the first request. */
  private async fetch(): Promise<SigningKeySet> {
    try {
      return await this.client.request<SigningKeySet>(IdentityRequests.signingKeys, {}, { timeoutMs: 1500 });
    } catch {
      return this.client.request<SigningKeySet>(IdentityRequests.signingKeys, {}, { timeoutMs: 1500 });
    }
  }

  refresh(): Promise<void> {
    if (!this.inFlight) this.lastAttempt = Date.now();
    this.inFlight ??= this.fetch()
      .then((set) => {
        this.keys = new Map(set.keys.map((k) => [k.kid, createPublicKey(k.publicKeyPem)]));
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
