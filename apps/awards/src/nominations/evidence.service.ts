/**
 * Evidence files of a nomination: the gateway streams the upload into the file transfer store; here its
 * type is read from the bytes (PDF or image only), it is sealed into storage, and the nominator's
 * nomination lists it. Whoever may see the nomination may download its files.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, cutText, notFound } from '@weop/contracts';
import type { DownloadResponse, EvidenceFileView, Principal, UploadedFile } from '@weop/contracts';
import { FileTransfers } from '@weop/messaging';
import { AuditRepository } from '../audit/audit.repository';
import { AwardsConfig } from '../awards.config';
import { cycleStatus } from '../cycles/cycle-rules';
import { sniffEvidence } from './evidence-type';
import { EvidenceStorage } from './evidence-storage';
import { EvidenceFile } from './nomination.entity';
import { NominationsRepository } from './nominations.repository';
import { NominationsService } from './nominations.service';

/** A name safe to show and to put in a Content-Disposition header, with the extension the bytes call for. */
export function evidenceFilename(name: string | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim();
  const stem = cutText(cleaned, 150).replace(/\.[^.]*$/, '') || 'evidence';
  return `${stem}.${ext}`;
}

@Injectable()
export class EvidenceService {
  constructor(
    private readonly em: EntityManager,
    private readonly nominationsService: NominationsService,
    private readonly nominations: NominationsRepository,
    private readonly transfers: FileTransfers,
    private readonly storage: EvidenceStorage,
    private readonly audit: AuditRepository,
    @Inject(AwardsConfig) private readonly config: AwardsConfig,
  ) {}

  async add(caller: Principal, nominationId: string, file: UploadedFile): Promise<EvidenceFileView> {
    try {
      const em = this.em.fork();
      const { nomination, cycle, viewer } = await this.nominationsService.access(em, caller, nominationId);
      if (viewer !== 'nominator') throw new DomainError(ErrorCode.FORBIDDEN, 'Only the member who made a nomination adds evidence to it.');
      if (cycleStatus(cycle, new Date()).status !== 'nominations-open') throw new DomainError('NOMINATIONS_CLOSED', `Nominations for the ${cycle.year} award are closed; evidence can no longer be added.`);
      if (nomination.status === 'withdrawn' || nomination.status === 'declined') throw new DomainError(ErrorCode.CONFLICT, `This nomination is ${nomination.status}.`);
      if ((await this.nominations.countFiles(em, nominationId)) >= this.config.EVIDENCE_FILES_PER_NOMINATION) {
        throw new DomainError('EVIDENCE_LIMIT', `A nomination carries at most ${this.config.EVIDENCE_FILES_PER_NOMINATION} evidence files; add further evidence as links.`);
      }
      const bytes = await this.transfers.read(file.transfer, this.config.EVIDENCE_MAX_BYTES);
      const type = sniffEvidence(bytes);
      if (!type) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'This file type is not accepted as evidence: upload a PDF, or a JPEG, PNG or WebP image.');
      const id = randomUUID();
      const key = `evidence/${nominationId}/${id}`;
      await this.storage.put(key, { bytes, contentType: type.mime });
      try {
        return await em.transactional(async (tx) => {
          // Counted again under the nomination's lock: two uploads at once cannot pass the limit.
          await this.nominations.byId(tx, nominationId, true);
          if ((await this.nominations.countFiles(tx, nominationId)) >= this.config.EVIDENCE_FILES_PER_NOMINATION) {
            throw new DomainError('EVIDENCE_LIMIT', `A nomination carries at most ${this.config.EVIDENCE_FILES_PER_NOMINATION} evidence files; add further evidence as links.`);
          }
          const now = new Date();
          const stored = tx.create(EvidenceFile, {
            id,
            nominationId,
            storageKey: key,
            filename: evidenceFilename(file.filename, type.ext),
            contentType: type.mime,
            size: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            uploadedAt: now,
          });
          this.audit.log(tx, { cycleId: cycle.id, nominationId, actor: caller.accountId, action: 'evidence-added', data: { fileId: id, contentType: type.mime, size: bytes.length, sha256: stored.sha256 }, at: now });
          await tx.flush();
          return { id, filename: stored.filename, contentType: stored.contentType, size: stored.size };
        });
      } catch (error) {
        await this.storage.delete(key).catch(() => undefined);
        throw error;
      }
    } finally {
      await this.transfers.remove(file.transfer).catch(() => undefined);
    }
  }

  async download(caller: Principal, nominationId: string, fileId: string): Promise<DownloadResponse> {
    const em = this.em.fork();
    await this.nominationsService.access(em, caller, nominationId);
    const file = await this.nominations.file(em, nominationId, fileId);
    if (!file) throw notFound('The evidence file');
    const blob = await this.storage.get(file.storageKey);
    if (!blob) throw notFound('The evidence file');
    const { name } = await this.transfers.put(blob.bytes, { maxBytes: this.config.EVIDENCE_MAX_BYTES, contentType: file.contentType, filename: file.filename });
    return { transfer: name, filename: file.filename, contentType: file.contentType, size: file.size };
  }
}
