/**
 * Where evidence files are kept: the configured blob storage (disk or S3, under `awards/`), sealed
 * with AES-256-GCM. The key is EVIDENCE_KEY when set, else one generated once into the awards database;
 * it is read at start (before the service answers), so every replica seals with the same key.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { EncryptedBlobStorage, encryptionKey, serviceSecret } from '@weop/persistence';
import type { BlobStorage, StoredBlob } from '@weop/persistence';

export class EvidenceStorage implements BlobStorage {
  private sealed?: EncryptedBlobStorage;

  constructor(
    private readonly inner: BlobStorage,
    private readonly configuredKey: string | undefined,
  ) {}

  async init(em: EntityManager): Promise<void> {
    const key = this.configuredKey ? Buffer.from(this.configuredKey, 'base64') : await serviceSecret(em, 'evidence_key');
    this.sealed = new EncryptedBlobStorage(this.inner, encryptionKey(key));
  }

  private get storage(): EncryptedBlobStorage {
    if (!this.sealed) throw new Error('EvidenceStorage used before init()');
    return this.sealed;
  }

  put(key: string, blob: StoredBlob): Promise<void> {
    return this.storage.put(key, blob);
  }

  get(key: string): Promise<StoredBlob | null> {
    return this.storage.get(key);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  deletePrefix(prefix: string): Promise<void> {
    return this.inner.deletePrefix(prefix);
  }
}
