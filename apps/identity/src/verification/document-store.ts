/**
 * Where ID documents and selfies are kept: the service's blob storage, every file sealed with
 * AES-256-GCM (`EncryptedBlobStorage`). The key comes from DOCUMENT_ENCRYPTION_KEY (base64 of 32
 * bytes; a secret in production), or, in development when that is unset, is generated once into
 * identity's database — so the files and their key never sit in the same store.
 */
import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { BLOB_STORAGE, EncryptedBlobStorage, encryptionKey, serviceSecret } from '@weop/persistence';
import type { BlobStorage, StoredBlob } from '@weop/persistence';
import { IdentityConfig } from '../identity.config';

@Injectable()
export class DocumentStore {
  private sealed?: Promise<EncryptedBlobStorage>;
  private rawKey?: Buffer;

  constructor(
    private readonly em: EntityManager,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  private open(): Promise<EncryptedBlobStorage> {
    this.sealed ??= (async () => {
      const key = this.config.DOCUMENT_ENCRYPTION_KEY ? Buffer.from(this.config.DOCUMENT_ENCRYPTION_KEY, 'base64') : await serviceSecret(this.em.fork(), 'document_key');
      this.rawKey = key;
      const older = this.config.DOCUMENT_ENCRYPTION_KEYS_OLD.map((k) => encryptionKey(Buffer.from(k, 'base64')));
      return new EncryptedBlobStorage(this.storage, encryptionKey(key), older);
    })().catch((error: unknown) => {
      this.sealed = undefined;
      throw error;
    });
    return this.sealed;
  }

  /** A keyed digest (HMAC-SHA256 under a key derived for `purpose`): for short secrets such as emailed codes, never stored in clear. */
  async digest(purpose: string, value: string): Promise<string> {
    await this.open();
    const derived = createHmac('sha256', this.rawKey!).update(`weop:${purpose}`).digest();
    return createHmac('sha256', derived).update(value).digest('hex');
  }

  async put(key: string, blob: StoredBlob): Promise<void> {
    await (await this.open()).put(key, blob);
  }

  async get(key: string): Promise<StoredBlob | null> {
    return (await this.open()).get(key);
  }

  delete(key: string): Promise<void> {
    return this.storage.delete(key);
  }

  deletePrefix(prefix: string): Promise<void> {
    return this.storage.deletePrefix(prefix);
  }
}
