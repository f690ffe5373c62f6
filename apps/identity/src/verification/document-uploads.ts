/**
 * Uploaded documents on their way into storage, for identity requests and organisations alike: read
 * from the file transfer store, checked and cleaned (`cleanDocumentImage`), sealed, and listed in
 * `pending_upload` until the request that owns them commits — so a crash in between leaves nothing the
 * sweep does not purge. `discard` deletes files now and leaves any it cannot for the sweep.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { UploadedFile } from '@weop/contracts';
import { FileTransfers } from '@weop/messaging';
import { IdentityConfig } from '../identity.config';
import { cleanDocumentImage } from './document-images';
import { DocumentStore } from './document-store';
import { VerificationRepository } from './verification.repository';

export interface StoredFile<S extends string> {
  slot: S;
  key: string;
  contentType: string;
  size: number;
}

@Injectable()
export class DocumentUploads {
  constructor(
    private readonly em: EntityManager,
    private readonly documents: DocumentStore,
    private readonly transfers: FileTransfers,
    private readonly requests: VerificationRepository,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /** Reads, checks and cleans every image first (nothing is stored if one is refused), then seals and stores them under `prefix`. */
  async store<S extends string>(prefix: string, uploads: readonly { slot: S; upload: UploadedFile }[]): Promise<StoredFile<S>[]> {
    const cleaned: { slot: S; bytes: Buffer; contentType: string }[] = [];
    for (const { slot, upload } of uploads) {
      const bytes = await this.transfers.read(upload.transfer, this.config.VERIFICATION_FILE_MAX_BYTES);
      cleaned.push({ slot, ...(await cleanDocumentImage(slot, bytes)) });
    }
    const files = cleaned.map((c) => ({ slot: c.slot, key: `${prefix}/${c.slot.toLowerCase()}-${randomBytes(8).toString('hex')}`, contentType: c.contentType, size: c.bytes.length }));
    await this.em.fork().transactional((em) => this.requests.markPending(em, files.map((f) => f.key), new Date()));
    try {
      for (const [i, file] of files.entries()) await this.documents.put(file.key, { bytes: cleaned[i].bytes, contentType: file.contentType });
    } catch (error) {
      await this.discard(files);
      throw error;
    }
    return files;
  }

  /** The files now belong to a committed request: no longer the purge's (inside that request's transaction). */
  async adopt(em: EntityManager, files: readonly { key: string }[]): Promise<void> {
    await this.requests.clearPending(em, files.map((f) => f.key));
  }

  /** Deletes files now; any that fail stay listed and the sweep retries them. */
  async discard(files: readonly { key: string }[]): Promise<void> {
    for (const file of files) {
      try {
        await this.documents.delete(file.key);
        await this.requests.clearPending(this.em.fork(), [file.key]);
      } catch {
        // left for the sweep
      }
    }
  }

  /** Lists a decided request's files for deletion in its own transaction; `discard` them after the commit. */
  async retire(em: EntityManager, files: readonly { key: string }[]): Promise<void> {
    await this.requests.markPending(em, files.map((f) => f.key), new Date(0));
  }

  /** Removes the uploads from the transfer store, whatever became of them. */
  async release(uploads: readonly (UploadedFile | undefined)[]): Promise<void> {
    await Promise.all(uploads.filter((f): f is UploadedFile => Boolean(f)).map((f) => this.transfers.remove(f.transfer).catch(() => undefined)));
  }
}
