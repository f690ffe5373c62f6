/**
 * Where ID documents and selfies are kept: the service's blob storage, every file sealed with
 * AES-256-GCM (`SealedBlobStorage`). The key comes from DOCUMENT_ENCRYPTION_KEY (base64 of 32 bytes; a
 * secret in production), or, in development when that is unset, is generated once into identity's
 * database — so the files and their key never sit in the same store.
 */
import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { BLOB_STORAGE, SealedBlobStorage, sealingKey } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { IdentityConfig } from '../identity.config';

@Injectable()
export class DocumentStore extends SealedBlobStorage {
  constructor(em: EntityManager, @Inject(BLOB_STORAGE) storage: BlobStorage, @Inject(IdentityConfig) config: IdentityConfig) {
    super(storage, async () => ({
      current: await sealingKey(config.DOCUMENT_ENCRYPTION_KEY, em.fork(), 'document_key'),
      older: config.DOCUMENT_ENCRYPTION_KEYS_OLD.map((k) => Buffer.from(k, 'base64')),
    }));
  }

  /** A keyed digest (HMAC-SHA256 under a key derived for `purpose`): for short secrets such as emailed codes, never stored in clear. */
  async digest(purpose: string, value: string): Promise<string> {
    const derived = createHmac('sha256', await this.currentKey()).update(`weop:${purpose}`).digest();
    return createHmac('sha256', derived).update(value).digest('hex');
  }
}
