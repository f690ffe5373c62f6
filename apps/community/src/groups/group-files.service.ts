/**
 * Files shared in a group. The gateway streams an upload into the file transfer store; here its type
 * is read from the bytes (`group-file-type.ts`), it is kept through the blob storage under
 * `groups/<group>/<file>`, and listed. Only members upload, list and download.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, cutText, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { DownloadResponse, GroupFilePage, GroupFileParam, GroupFileView, GroupPagePayload, Principal, UploadGroupFilePayload } from '@weop/contracts';
import { FileTransfers } from '@weop/messaging';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { CommunityConfig } from '../community.config';
import type { Member } from '../members/member.entity';
import { MembersRepository } from '../members/members.repository';
import { GroupAccessPolicy, groupPerson } from './group-access';
import { GroupFile } from './group.entity';
import { sniffGroupFile } from './group-file-type';
import { GroupsRepository } from './groups.repository';

/** A name safe to show and to put in a Content-Disposition header: no path, no control characters, the sniffed extension. */
export function groupFilename(name: string | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim();
  const stem = cutText(cleaned, 150).replace(/\.[^.]*$/, '') || 'file';
  return `${stem}.${ext}`;
}

const fileView = (f: GroupFile, people: Map<string, Member>): GroupFileView => ({
  id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, uploadedBy: groupPerson(f.uploaderId, people.get(f.uploaderId)), createdAt: f.createdAt.toISOString(),
});

@Injectable()
export class GroupFilesService {
  constructor(
    private readonly em: EntityManager,
    private readonly groups: GroupsRepository,
    private readonly access: GroupAccessPolicy,
    private readonly members: MembersRepository,
    private readonly transfers: FileTransfers,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
  ) {}

  async upload(caller: Principal, payload: UploadGroupFilePayload): Promise<GroupFileView> {
    try {
      // Membership first: a non-member's bytes are never read.
      await this.access.member(this.em.fork(), payload.id, caller.accountId);
      const bytes = await this.transfers.read(payload.file.transfer, this.config.GROUP_FILE_MAX_BYTES);
      const type = sniffGroupFile(bytes);
      if (!type) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'This file type is not accepted: share a PDF, an image (PNG, JPEG, GIF, WebP) or plain text.');
      const id = randomUUID();
      const key = `groups/${payload.id}/${id}`;
      await this.storage.put(key, { bytes, contentType: type.mime });
      try {
        return await this.em.fork().transactional(async (em) => {
          await this.access.member(em, payload.id, caller.accountId);
          const file = em.create(GroupFile, {
            id, groupId: payload.id, uploaderId: caller.accountId, storageKey: key, filename: groupFilename(payload.file.filename, type.ext),
            contentType: type.mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), createdAt: new Date(),
          });
          em.persist(file);
          await em.flush();
          return fileView(file, await this.members.many(em, [caller.accountId]));
        });
      } catch (error) {
        // Nothing half-written: the stored bytes go if the file could not be recorded.
        await this.storage.delete(key).catch(() => undefined);
        throw error;
      }
    } finally {
      await this.transfers.remove(payload.file.transfer).catch(() => undefined);
    }
  }

  async list(caller: Principal, input: GroupPagePayload): Promise<GroupFilePage> {
    const em = this.em.fork();
    await this.memberWhoMayRead(em, input.id, caller);
    const limit = input.limit ?? 20;
    const key = decodeCursor(input.cursor, ['date', 'uuid']);
    const rows = await this.groups.files(em, input.id, await this.access.unseen(em, caller.accountId), limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (f) => [f.createdAt.toISOString(), f.id]);
    const people = await this.members.many(em, page.items.map((f) => f.uploaderId));
    return { items: page.items.map((f) => fileView(f, people)), nextCursor: page.nextCursor };
  }

  /** Hands the bytes to the gateway through the transfer store. */
  async download(caller: Principal, input: GroupFileParam): Promise<DownloadResponse> {
    const em = this.em.fork();
    await this.memberWhoMayRead(em, input.id, caller);
    const file = await this.groups.file(em, input.id, input.fileId);
    // A file of someone she blocked (or who blocked her) is not there for her, by id as in the list.
    if (!file || (await this.access.unseen(em, caller.accountId)).has(file.uploaderId)) throw notFound('The file');
    const blob = await this.storage.get(file.storageKey);
    if (!blob) throw notFound('The file');
    const { name } = await this.transfers.put(blob.bytes, { maxBytes: Math.max(this.config.GROUP_FILE_MAX_BYTES, blob.bytes.length), contentType: file.contentType, filename: file.filename });
    return { transfer: name, filename: file.filename, contentType: file.contentType, size: file.size };
  }

  /** Files are for members (of a group she may see). */
  private async memberWhoMayRead(em: EntityManager, groupId: string, caller: Principal): Promise<void> {
    const { membership } = await this.access.see(em, groupId, caller.accountId);
    if (!membership) throw new DomainError('GROUP_MEMBERSHIP_REQUIRED', 'Only members of this group see its files: join it first.');
  }
}
