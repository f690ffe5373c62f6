/**
 * Where files (profile photos now; publications and verification documents later) are kept: local
 * disk by default, an S3-compatible bucket when one is configured. Keys are opaque and chosen by the
 * service; callers never pass a user-supplied name, so no path can escape the storage root.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface StoredBlob {
  bytes: Buffer;
  contentType: string;
}

export interface BlobStorage {
  put(key: string, blob: StoredBlob): Promise<void>;
  get(key: string): Promise<StoredBlob | null>;
  delete(key: string): Promise<void>;
  /** Deletes every blob whose key starts with the prefix (all of one member's files). */
  deletePrefix(prefix: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..') || key.includes('//')) throw new Error(`Invalid blob key "${key}"`);
  return key;
}

export class LocalDiskBlobStorage implements BlobStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    return join(this.root, checkKey(key));
  }

  async put(key: string, blob: StoredBlob): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // Bytes and type side by side; written to a temporary name first would be nicer, but a photo is
    // replaced whole and its key changes with each upload, so a torn write is never served.
    await writeFile(`${path}.type`, blob.contentType, { mode: 0o600 });
    await writeFile(path, blob.bytes, { mode: 0o600 });
  }

  async get(key: string): Promise<StoredBlob | null> {
    const path = this.path(key);
    try {
      const [bytes, contentType] = await Promise.all([readFile(path), readFile(`${path}.type`, 'utf8')]);
      return { bytes, contentType };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.path(key);
    await rm(path, { force: true });
    await rm(`${path}.type`, { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    if (!prefix.endsWith('/')) throw new Error(`A prefix names a folder and ends with "/": "${prefix}"`);
    await rm(this.path(prefix.slice(0, -1)), { recursive: true, force: true });
  }
}

export interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string;
  /** Path-style addressing, which most S3-compatible servers (MinIO, Ceph) need. */
  forcePathStyle?: boolean;
  prefix?: string;
}

const DELETE_CONCURRENCY = 8;

/** Credentials come from the AWS SDK's usual chain (env, files, instance roles), never from code. */
export class S3BlobStorage implements BlobStorage {
  constructor(
    private readonly options: S3Options,
    private readonly client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: options.forcePathStyle }),
  ) {}

  private key(key: string): string {
    return `${this.options.prefix ?? ''}${checkKey(key)}`;
  }

  async put(key: string, blob: StoredBlob): Promise<void> {
    await this.client.send(
      // No ServerSideEncryption header: AWS encrypts every new object (SSE-S3) by default, and S3-compatible
      // servers without a KMS (MinIO) refuse the header. What must stay secret is sealed by the app first
      // (EncryptedBlobStorage, SealedBlobStorage).
      new PutObjectCommand({ Bucket: this.options.bucket, Key: this.key(key), Body: blob.bytes, ContentType: blob.contentType }),
    );
  }

  async get(key: string): Promise<StoredBlob | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
      const bytes = Buffer.from(await answer.Body!.transformToByteArray());
      return { bytes, contentType: answer.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(key) }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    if (!prefix.endsWith('/')) throw new Error(`deletePrefix needs a folder prefix ending in "/", not "${prefix}"`);
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.key(prefix), ContinuationToken: token }));
      // One DeleteObject per key, a few at a time, not DeleteObjects: current SDKs send that batch call a CRC32
      // checksum instead of the Content-MD5 that S3-compatible servers (MinIO, Ceph, older releases) require,
      // and they refuse it (aws/aws-sdk-js-v3#6920), which would leave a deleted member's files behind. A
      // member's folder holds a handful of files, so the batch saved nothing that matters.
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
        await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key }))));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

/** Where a service keeps files: its S3 bucket (under its own prefix) when one is set, else a local folder. */
export interface BlobStorageSettings {
  localDir: string;
  s3Bucket?: string;
  s3Region: string;
  s3Endpoint?: string;
  s3ForcePathStyle: boolean;
  /** The service's key prefix in a shared bucket, e.g. `content/`. */
  prefix: string;
}

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');

/** The storage settings every service that keeps files reads, under the same names. */
export interface StorageConfig {
  WEOP_STORAGE_DIR: string;
  S3_BUCKET?: string;
  S3_REGION: string;
  S3_ENDPOINT?: string;
  S3_FORCE_PATH_STYLE: boolean;
}

/** A service's storage from its settings, under its own key prefix (`content/`, `community/`…). */
export function blobStorageFromConfig(config: StorageConfig, prefix: string): BlobStorage {
  return blobStorageFor({
    localDir: config.WEOP_STORAGE_DIR, s3Bucket: config.S3_BUCKET, s3Region: config.S3_REGION, s3Endpoint: config.S3_ENDPOINT, s3ForcePathStyle: config.S3_FORCE_PATH_STYLE, prefix,
  });
}

export function blobStorageFor(settings: BlobStorageSettings): BlobStorage {
  return settings.s3Bucket
    ? new S3BlobStorage({ bucket: settings.s3Bucket, region: settings.s3Region, endpoint: settings.s3Endpoint, forcePathStyle: settings.s3ForcePathStyle, prefix: settings.prefix })
    : new LocalDiskBlobStorage(settings.localDir);
}
