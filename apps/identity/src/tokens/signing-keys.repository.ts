import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { lockUntilCommit } from '@weop/persistence';
import { SigningKey } from './signing-key.entity';

export interface NewSigningKey {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

@Injectable()
export class SigningKeysRepository {
  constructor(private readonly em: EntityManager) {}

  /** The configured key becomes the only current one: others retire and lose any stored private half. */
  async makeConfiguredKeyCurrent(kid: string, publicKeyPem: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const conn = em.getConnection();
      const ctx: unknown = em.getTransactionContext();
      await conn.execute(
        `insert into signing_key (kid, private_key_pem, public_key_pem, created_at) values (?, '', ?, now())
         on conflict (kid) do update set retired_at = null`,
        [kid, publicKeyPem],
        'run',
        ctx,
      );
      await conn.execute(`update signing_key set retired_at = coalesce(retired_at, now()), private_key_pem = '' where kid <> ?`, [kid], 'run', ctx);
    });
  }

  /** The generated key in use, if any. */
  current(): Promise<SigningKey | null> {
    return this.em.fork().findOne(SigningKey, { retiredAt: null, privateKeyPem: { $ne: '' } }, { orderBy: { createdAt: 'asc' } });
  }

  /** Stores a generated key unless another replica stored one first; returns the one in use. */
  async adoptGenerated(key: NewSigningKey): Promise<SigningKey> {
    return this.em.fork().transactional(async (em) => {
      const conn = em.getConnection();
      const ctx: unknown = em.getTransactionContext();
      // Replicas starting together take turns here, so exactly one key is ever generated.
      await lockUntilCommit(em, 'identity.signing-key');
      await conn.execute(
        `insert into signing_key (kid, private_key_pem, public_key_pem, created_at)
         select ?, ?, ?, now() where not exists (select 1 from signing_key where retired_at is null and private_key_pem <> '')`,
        [key.kid, key.privateKeyPem, key.publicKeyPem],
        'run',
        ctx,
      );
      return em.findOneOrFail(SigningKey, { retiredAt: null, privateKeyPem: { $ne: '' } }, { orderBy: { createdAt: 'asc' } });
    });
  }

  /** Current keys and those retired after `retiredAfter`. */
  published(retiredAfter: Date): Promise<SigningKey[]> {
    return this.em.fork().find(SigningKey, { $or: [{ retiredAt: null }, { retiredAt: { $gt: retiredAfter } }] });
  }
}
