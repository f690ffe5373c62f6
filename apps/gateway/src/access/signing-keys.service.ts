/** identity's public signing keys, fetched over NATS and cached; an unknown key id triggers a re-fetch. */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdentityRequests } from '@weop/contracts';
import type { SigningKeySet } from '@weop/contracts';
import type { SigningKeyProvider } from '@weop/auth';
import { ServiceClient } from '@weop/messaging';

const REFETCH_AT_MOST_EVERY_MS = 5000;

@Injectable()
export class SigningKeysService implements SigningKeyProvider {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private inFlight?: Promise<void>;

  constructor(private readonly client: ServiceClient) {}

  knownKey(kid: string): KeyObject | undefined {
    return this.keys.get(kid);
  }

  async publicKeyFor(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.has(kid) && Date.now() - this.lastFetch > REFETCH_AT_MOST_EVERY_MS) await this.refresh();
    return this.keys.get(kid);
  }

  refresh(): Promise<void> {
    this.inFlight ??= this.client
      .request<SigningKeySet>(IdentityRequests.signingKeys, {}, { timeoutMs: 2000 })
      .then((set) => {
        this.keys = new Map(set.keys.map((k) => [k.kid, createPublicKey(k.publicKeyPem)]));
        this.lastFetch = Date.now();
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
