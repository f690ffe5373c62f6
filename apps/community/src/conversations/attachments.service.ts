/**
 * Files in conversations: only a member of the conversation uploads (under the rule of
 * `ConversationsService.assertMayShareFiles`, checked before anything is stored; a one-to-one
 * conversation across a block answers 404, as sending into it does) and downloads, and only files of
 * messages still shown to her. The gateway streams the
 * upload into the transfer store; here the type is read from the bytes, photos lose their metadata,
 * and the file is sealed at rest. An upload becomes visible to the others only with her message.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { cutText, notFound } from '@weop/contracts';
import type { AttachmentPayload, AttachmentView, DownloadResponse, Principal, UploadedFile } from '@weop/contracts';
import { BlocksProjection, FileTransfers } from '@weop/messaging';
import { CommunityConfig } from '../community.config';
import { AttachmentStorage } from './attachment-storage';
import { cleanAttachment } from './attachment-type';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';

/** A name safe to put in a Content-Disposition header and to show: no path, no control characters. */
export function attachmentFilename(name: string | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim();
  const stem = cutText(cleaned, 150).replace(/\.[^.]*$/, '') || 'attachment';
  return `${stem}.${ext}`;
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationsRepository,
    private readonly rules: ConversationsService,
    private readonly transfers: FileTransfers,
    private readonly storage: AttachmentStorage,
    private readonly blocks: BlocksProjection,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
  ) {}

  async add(caller: Principal, conversationId: string, file: UploadedFile): Promise<AttachmentView> {
    try {
      const em = this.em.fork();
      await this.rules.participant(em, conversationId, caller.accountId);
      await this.rules.assertMayShareFiles(em, conversationId, caller.accountId);
      const clean = await cleanAttachment(await this.transfers.read(file.transfer, this.config.ATTACHMENT_MAX_BYTES));
      const id = randomUUID();
      const key = `attachments/${conversationId}/${id}`;
      await this.storage.put(key, { bytes: clean.bytes, contentType: clean.contentType });
      const filename = attachmentFilename(file.filename, clean.ext);
      try {
        await em.transactional(async (tx) => {
          // Checked again in the transaction: she may have left, or the conversation closed, meanwhile.
          await this.rules.participant(tx, conversationId, caller.accountId, true);
          await this.rules.assertMayShareFiles(tx, conversationId, caller.accountId);
          await this.conversations.insertAttachment(tx, {
            id, conversationId, uploaderId: caller.accountId, messageId: null, storageKey: key, filename, contentType: clean.contentType, size: clean.bytes.length,
            sha256: createHash('sha256').update(clean.bytes).digest('hex'), createdAt: new Date(),
          });
        });
      } catch (error) {
        await this.storage.delete(key).catch(() => undefined);
        throw error;
      }
      return { id, filename, contentType: clean.contentType, size: clean.bytes.length };
    } finally {
      await this.transfers.remove(file.transfer).catch(() => undefined);
    }
  }

  /**
   * Uploads she never sent are deleted after ATTACHMENT_UNSENT_TTL_MINUTES: nobody else ever saw them.
   * The files go before their rows, in the rows' transaction, so a failed delete is retried next pass.
   */
  async purgeUnsent(now = new Date()): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const stale = await this.conversations.unsentAttachments(em, new Date(now.getTime() - this.config.ATTACHMENT_UNSENT_TTL_MINUTES * 60_000), 100);
      for (const file of stale) await this.storage.delete(file.storageKey);
      await this.conversations.deleteAttachments(em, stale.map((f) => f.id));
      return stale.length;
    });
  }

  async download(caller: Principal, input: AttachmentPayload): Promise<DownloadResponse> {
    const em = this.em.fork();
    await this.rules.participant(em, input.conversationId, caller.accountId);
    const file = await this.conversations.attachment(em, input.conversationId, input.attachmentId);
    const message = file?.messageId ? await this.conversations.message(em, file.messageId) : null;
    // Her own upload before she sent it, or a file of a message still shown (to her: not one written by a
    // member on the far side of a block from her).
    const shown = file && (message ? message.visibility === 'visible' && !(message.authorId && (await this.blocks.between(em, caller.accountId, message.authorId))) : file.uploaderId === caller.accountId);
    if (!file || !shown) throw notFound('The attachment');
    const blob = await this.storage.get(file.storageKey);
    if (!blob) throw notFound('The attachment');
    const { name } = await this.transfers.put(blob.bytes, { maxBytes: this.config.ATTACHMENT_MAX_BYTES, contentType: file.contentType, filename: file.filename });
    return { transfer: name, filename: file.filename, contentType: file.contentType, size: file.size };
  }
}
