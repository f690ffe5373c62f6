/**
 * Documents of publications and resources. The gateway streams an upload into the file transfer
 * store; here its type is sniffed from the bytes (the name and the declared type are not trusted),
 * it is stored through the storage abstraction, and the item is created in the same step.
 * Downloads go the other way: the bytes are handed to the gateway through the transfer store.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CreatePublicationRequest, CreateResourceRequest, DomainError, ErrorCode, cutText, notFound } from '@weop/contracts';
import type { CreateWithFilePayload, CreatedContent, DownloadResponse, Principal } from '@weop/contracts';
import { FileTransfers, validateInput } from '@weop/messaging';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { ContentConfig } from '../content.config';
import { isAuthor } from '../items/content-access';
import { StoredFile } from '../items/content-item.entity';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentItemsService } from '../items/content-items.service';
import { newPublication, newResource } from '../items/content-rules';
import { ItemAccess } from '../items/item-access.service';
import { sniffDocument } from '../publications/document-type';

/** A name safe to put in a Content-Disposition header and to show: no path, no control characters. */
export function safeFilename(name: string | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim();
  const cut = cutText(cleaned, 150);
  const stem = cut.replace(/\.[^.]*$/, '') || 'document';
  return `${stem}.${ext}`;
}

@Injectable()
export class FilesService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly lifecycle: ContentItemsService,
    private readonly transfers: FileTransfers,
    private readonly access: ItemAccess,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(ContentConfig) private readonly config: ContentConfig,
  ) {}

  async create(author: Principal, payload: CreateWithFilePayload): Promise<CreatedContent> {
    try {
      const input =
        payload.type === 'publication'
          ? newPublication(await validateInput(CreatePublicationRequest, payload.fields))
          : newResource(await validateInput(CreateResourceRequest, payload.fields), Boolean(payload.file));
      if (payload.type === 'publication' && !payload.file) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'file', problem: 'is required: the document to share' }]);
      }
      if (!payload.file) return await this.lifecycle.create(author, input);
      const bytes = await this.transfers.read(payload.file.transfer, this.config.DOCUMENT_MAX_BYTES);
      const type = await sniffDocument(bytes);
      if (!type) {
        throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'This file type is not accepted: upload a PDF, a Word, Excel or PowerPoint document, an OpenDocument file, RTF or plain text.');
      }
      const key = `documents/${randomUUID()}`;
      await this.storage.put(key, { bytes, contentType: type.mime });
      try {
        return await this.lifecycle.create(author, input, async (em, item) => {
          em.persist(
            em.create(StoredFile, {
              itemId: item.id,
              storageKey: key,
              filename: safeFilename(payload.file?.filename, type.ext),
              contentType: type.mime,
              size: bytes.length,
              sha256: createHash('sha256').update(bytes).digest('hex'),
              createdAt: new Date(),
            }),
          );
          await em.flush();
        });
      } catch (error) {
        // Nothing half-written: the stored document goes if the item could not be created.
        await this.storage.delete(key).catch(() => undefined);
        throw error;
      }
    } finally {
      if (payload.file) await this.transfers.remove(payload.file.transfer).catch(() => undefined);
    }
  }

  /** Counts the download (not the author's own) and hands the bytes to the gateway. */
  async download(viewer: Principal | null, type: 'publication' | 'resource', id: string): Promise<DownloadResponse> {
    const em = this.em.fork();
    const item = await this.access.visible(em, await this.items.byId(id, em), type, viewer);
    const file = await this.items.file(id, em);
    if (!file) throw notFound('The document');
    const blob = await this.storage.get(file.storageKey);
    if (!blob) throw notFound('The document');
    const { name } = await this.transfers.put(blob.bytes, { maxBytes: this.config.DOCUMENT_MAX_BYTES, contentType: file.contentType, filename: file.filename });
    if (!isAuthor(item, viewer)) {
      await this.items.countDownload(id);
    }
    return { transfer: name, filename: file.filename, contentType: file.contentType, size: file.size };
  }
}
