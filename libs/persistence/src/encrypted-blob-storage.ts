/**
 * Files encrypted at rest (identity documents, selfies): AES-256-GCM around any `BlobStorage`. The
 * content type travels inside the ciphertext, the blob's key is bound in as associated data (a file
 * copied under another key does not decrypt), and each file names the key it was sealed with, so a
 * key can be rotated while older files stay readable.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStorage, StoredBlob } from './blob-storage';
import { serviceSecret } from './service-secret';

const MAGIC = Buffer.from('WEB1');
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = MAGIC.length + KEY_ID_BYTES + IV_BYTES + TAG_BYTES;

export interface EncryptionKey {
  id: Buffer;
  key: Buffer;
}

/** A 32-byte key, with an id derived from it (never the key itself). */
export function encryptionKey(key: Buffer): EncryptionKey {
  if (key.length !== 32) throw new Error('An encryption key must be 32 bytes (base64 of 32 random bytes).');
  return { id: createHash('sha256').update('weop-blob-key-id').update(key).digest().subarray(0, KEY_ID_BYTES), key };
}

export class EncryptedBlobStorage implements BlobStorage {
  /** `current` seals new files; `older` keys only open files sealed before a rotation. */
  constructor(
    private readonly inner: BlobStorage,
    private readonly current: EncryptionKey,
    private readonly older: readonly EncryptionKey[] = [],
  ) {}

  async put(key: string, blob: StoredBlob): Promise<void> {
    const type = Buffer.from(blob.contentType, 'utf8');
    if (type.length > 255) throw new Error('content type too long');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(key, 'utf8'));
    const sealed = Buffer.concat([cipher.update(Buffer.from([type.length])), cipher.update(type), cipher.update(blob.bytes), cipher.final()]);
    await this.inner.put(key, { bytes: Buffer.concat([MAGIC, this.current.id, iv, cipher.getAuthTag(), sealed]), contentType: 'application/octet-stream' });
  }

  async get(key: string): Promise<StoredBlob | null> {
    const stored = await this.inner.get(key);
    if (!stored) return null;
    const bytes = stored.bytes;
    if (bytes.length < HEADER + 1 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`blob ${key} is not sealed`);
    const id = bytes.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES);
    const sealedWith = [this.current, ...this.older].find((k) => k.id.equals(id));
    if (!sealedWith) throw new Error(`blob ${key} was sealed with a key this service does not have`);
    const iv = bytes.subarray(MAGIC.length + KEY_ID_BYTES, MAGIC.length + KEY_ID_BYTES + IV_BYTES);
    const tag = bytes.subarray(HEADER - TAG_BYTES, HEADER);
    const decipher = createDecipheriv('aes-256-gcm', sealedWith.key, iv);
    decipher.setAAD(Buffer.from(key, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(bytes.subarray(HEADER)), decipher.final()]);
    const typeLength = plain[0];
    return { contentType: plain.subarray(1, 1 + typeLength).toString('utf8'), bytes: plain.subarray(1 + typeLength) };
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  deletePrefix(prefix: string): Promise<void> {
    return this.inner.deletePrefix(prefix);
  }
}

/** The key a service seals files with: configured (base64 of 32 bytes), else a secret generated once into its database (development). */
export async function sealingKey(configured: string | undefined, em: EntityManager, table: string): Promise<Buffer> {
  return configured ? Buffer.from(configured, 'base64') : serviceSecret(em, table);
}

/**
 * An `EncryptedBlobStorage` whose keys are read once, on first use or at start (`open()`), so a service
 * can wire it before its database is migrated. Deletes need no key and go straight to the store.
 */
export class SealedBlobStorage implements BlobStorage {
  private sealed?: Promise<{ storage: EncryptedBlobStorage; key: Buffer }>;

  constructor(
    private readonly inner: BlobStorage,
    private readonly loadKeys: () => Promise<{ current: Buffer; older?: readonly Buffer[] }>,
  ) {}

  open(): Promise<{ storage: EncryptedBlobStorage; key: Buffer }> {
    this.sealed ??= this.loadKeys()
      .then(({ current, older = [] }) => ({ storage: new EncryptedBlobStorage(this.inner, encryptionKey(current), older.map(encryptionKey)), key: current }))
      .catch((error: unknown) => {
        this.sealed = undefined;
        throw error;
      });
    return this.sealed;
  }

  /** The current key itself, for deriving further keys (never stored or sent). */
  async currentKey(): Promise<Buffer> {
    return (await this.open()).key;
  }

  async put(key: string, blob: StoredBlob): Promise<void> {
    await (await this.open()).storage.put(key, blob);
  }

  async get(key: string): Promise<StoredBlob | null> {
    return (await this.open()).storage.get(key);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  deletePrefix(prefix: string): Promise<void> {
    return this.inner.deletePrefix(prefix);
  }
}
