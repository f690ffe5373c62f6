/**
 * Identity verification ("be real"): a member sends an ID document (front, optional back) and a
 * selfie; a verifier claims the request, views the documents — each view written to the access log —
 * and approves, rejects or asks for new documents (at most three times). Once a request is decided or
 * expires, its files are deleted and only the outcome, the verifier, the document type and the last
 * four characters of the document number stay.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { DomainError, VerificationApprovedV1, VerificationFields, decodeCursor, forbidden, notFound, pageOf, validationFailed } from '@weop/contracts';
import type {
  AccessLogEntry,
  DocumentSlot,
  MyVerificationView,
  Principal,
  ResubmitVerificationPayload,
  SubmitVerificationPayload,
  VerificationCreated,
  VerificationDecisionPayload,
  VerificationFileView,
  VerificationQueuePage,
  VerificationQueueQuery,
  VerificationRequestView,
  VerificationReviewView,
} from '@weop/contracts';
import { Outbox, validateInput } from '@weop/messaging';
import { Account } from '../accounts/account.entity';
import { AccountsRepository } from '../accounts/accounts.repository';
import { IdentityConfig } from '../identity.config';
import { DocumentUploads } from './document-uploads';
import { DocumentStore } from './document-store';
import { VerificationAccess, VerificationRequest } from './verification-request.entity';
import type { StoredDocument } from './verification-request.entity';
import { VerificationRepository } from './verification.repository';
import { sameName, verificationState } from './verification-state';

const DAY = 86_400_000;
export const MAX_RESUBMISSIONS = 3;
const CLAIM_TTL_MS = 30 * 60_000;
const SLOTS: readonly DocumentSlot[] = ['documentFront', 'documentBack', 'selfie'];


const isVerifier = (caller: Principal): boolean => caller.roles.some((r) => r === 'verifier' || r === 'admin');
const requireVerifier = (caller: Principal): void => {
  if (!isVerifier(caller)) throw forbidden('Only verifiers review verification requests.');
};

@Injectable()
export class VerificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly requests: VerificationRepository,
    private readonly accounts: AccountsRepository,
    private readonly documents: DocumentStore,
    private readonly uploads: DocumentUploads,
    private readonly outbox: Outbox,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async submit(caller: Principal, payload: SubmitVerificationPayload): Promise<VerificationCreated> {
    return this.withUploads(payload, async (fields) => {
      if (await this.requests.openOf(this.em.fork(), caller.accountId)) throw new DomainError('VERIFICATION_OPEN', 'You already have a verification request open.');
      await this.checkLegalName(caller.accountId, fields.legalName);
      const id = randomUUID();
      const files = await this.storeFiles(caller.accountId, id, payload);
      try {
        await this.em.fork().transactional(async (em) => {
          const now = new Date();
          em.persist(
            em.create(VerificationRequest, {
              id,
              accountId: caller.accountId,
              status: 'submitted',
              documentType: fields.documentType,
              legalName: fields.legalName.trim(),
              documentNumberLast4: fields.documentNumber.replace(/[\s-]/g, '').slice(-4).toUpperCase(),
              files,
              submittedAt: now,
              updatedAt: now,
              expiresAt: new Date(now.getTime() + this.config.VERIFICATION_EXPIRY_DAYS * DAY),
            }),
          );
          await em.flush();
          await this.uploads.adopt(em, files);
        });
      } catch (error) {
        await this.discard(files);
        if (error instanceof UniqueConstraintViolationException) throw new DomainError('VERIFICATION_OPEN', 'You already have a verification request open.');
        throw error;
      }
      return { id, status: 'submitted' };
    });
  }

  /** New documents after a verifier asked for them. */
  async resubmit(caller: Principal, payload: ResubmitVerificationPayload): Promise<VerificationCreated> {
    return this.withUploads(payload, async (fields) => {
      const existing = await this.requests.byId(this.em.fork(), payload.id);
      if (!existing || existing.accountId !== caller.accountId) throw notFound('The verification request');
      if (existing.status !== 'resubmission-requested') throw new DomainError('VERIFICATION_STATE', `This request is ${existing.status}; new documents are taken only when a verifier asks for them.`);
      await this.checkLegalName(caller.accountId, fields.legalName);
      const files = await this.storeFiles(caller.accountId, existing.id, payload);
      try {
        await this.em.fork().transactional(async (em) => {
          const request = await this.requests.byId(em, payload.id, true);
          if (!request || request.status !== 'resubmission-requested') throw new DomainError('VERIFICATION_STATE', 'This request no longer takes new documents.');
          const now = new Date();
          Object.assign(request, {
            status: 'submitted',
            documentType: fields.documentType,
            legalName: fields.legalName.trim(),
            documentNumberLast4: fields.documentNumber.replace(/[\s-]/g, '').slice(-4).toUpperCase(),
            files,
            resubmissions: request.resubmissions + 1,
            assignee: null,
            claimedAt: null,
            submittedAt: now,
            updatedAt: now,
            expiresAt: new Date(now.getTime() + this.config.VERIFICATION_EXPIRY_DAYS * DAY),
          });
          await em.flush();
          await this.uploads.adopt(em, files);
        });
      } catch (error) {
        await this.discard(files);
        throw error;
      }
      return { id: existing.id, status: 'submitted' };
    });
  }

  async mine(caller: Principal): Promise<MyVerificationView> {
    const em = this.em.fork();
    const [account, requests] = await Promise.all([this.accounts.byId(caller.accountId, em), this.requests.requestsOf(em, caller.accountId)]);
    return { identity: verificationState(account, requests), requests: requests.map((r) => ownView(r)) };
  }

  async queue(caller: Principal, query: VerificationQueueQuery): Promise<VerificationQueuePage> {
    requireVerifier(caller);
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const statuses: ('submitted' | 'in-review')[] = query.status === 'submitted' ? ['submitted'] : query.status === 'in-review' ? ['in-review'] : ['submitted', 'in-review'];
    const rows = await this.requests.queue(this.em.fork(), statuses, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.submittedAt.toISOString(), r.id]);
    const now = Date.now();
    return {
      items: page.items.map((r) => ({ id: r.id, kind: r.kind, status: r.status, submittedAt: r.submittedAt.toISOString(), assignee: holder(r, now) })),
      nextCursor: page.nextCursor,
    };
  }

  /** Her own request (its state), or any request for a verifier (with the links to its files). */
  async get(caller: Principal, id: string): Promise<VerificationRequestView | VerificationReviewView> {
    const request = await this.requests.byId(this.em.fork(), id);
    if (!request) throw notFound('The verification request');
    if (isVerifier(caller) && request.accountId !== caller.accountId) return reviewView(request);
    if (request.accountId !== caller.accountId) throw notFound('The verification request');
    return ownView(request);
  }

  async claim(caller: Principal, id: string): Promise<VerificationReviewView> {
    requireVerifier(caller);
    return this.em.fork().transactional(async (em) => {
      const request = await this.requests.byId(em, id, true);
      if (!request) throw notFound('The verification request');
      if (request.accountId === caller.accountId) throw forbidden('A verifier does not review her own request.');
      if (request.status !== 'submitted' && request.status !== 'in-review') throw new DomainError('VERIFICATION_STATE', `This request is ${request.status}.`);
      const held = holder(request, Date.now());
      if (held && held !== caller.accountId) throw new DomainError('VERIFICATION_CLAIMED', 'Another verifier is reviewing this request.');
      const now = new Date();
      Object.assign(request, { status: 'in-review', assignee: caller.accountId, claimedAt: now, updatedAt: now });
      await em.flush();
      return reviewView(request);
    });
  }

  /** One document, for the verifier holding the request; the view is logged before the file is read. */
  async file(caller: Principal, id: string, slot: DocumentSlot): Promise<VerificationFileView> {
    requireVerifier(caller);
    const stored = await this.em.fork().transactional(async (em) => {
      const request = await this.requests.byId(em, id);
      if (!request) throw notFound('The verification request');
      if (request.accountId === caller.accountId) throw forbidden('A verifier does not review her own request.');
      if (!request.files) throw new DomainError('FILES_DELETED', 'The documents of this request were deleted when it was decided.');
      if (holder(request, Date.now()) !== caller.accountId) throw new DomainError('VERIFICATION_NOT_CLAIMED', 'Claim the request before viewing its documents.');
      const file = request.files.find((f) => f.slot === slot);
      if (!file) throw notFound('That document');
      this.requests.logAccess(em, em.create(VerificationAccess, { id: randomUUID(), requestId: id, verifierId: caller.accountId, slot, at: new Date() }));
      await em.flush();
      return file;
    });
    const blob = await this.documents.get(stored.key);
    if (!blob) throw new DomainError('FILES_DELETED', 'The document is no longer kept.');
    return { contentType: blob.contentType, content: blob.bytes.toString('base64') };
  }

  async accessLog(caller: Principal, id: string): Promise<AccessLogEntry[]> {
    requireVerifier(caller);
    const em = this.em.fork();
    if (!(await this.requests.byId(em, id))) throw notFound('The verification request');
    return (await this.requests.accessLog(em, id)).map((a) => ({ verifierId: a.verifierId, slot: a.slot, at: a.at.toISOString() }));
  }

  async decide(caller: Principal, input: VerificationDecisionPayload): Promise<VerificationCreated> {
    requireVerifier(caller);
    const reason = input.reason.trim();
    if (input.outcome !== 'approved' && !reason) throw validationFailed('reason', 'is required: the member is told why');
    const { request, files } = await this.em.fork().transactional(async (em) => {
      const request = await this.requests.byId(em, input.id, true);
      if (!request) throw notFound('The verification request');
      if (request.accountId === caller.accountId) throw forbidden('A verifier never decides her own request.');
      if (request.status !== 'submitted' && request.status !== 'in-review') throw new DomainError('VERIFICATION_STATE', `This request is already ${request.status}.`);
      const held = holder(request, Date.now());
      if (held && held !== caller.accountId) throw new DomainError('VERIFICATION_CLAIMED', 'Another verifier is reviewing this request.');
      if (input.outcome === 'resubmit' && request.resubmissions >= MAX_RESUBMISSIONS) {
        throw new DomainError('RESUBMISSIONS_EXHAUSTED', `New documents were asked for ${MAX_RESUBMISSIONS} times already; approve or reject.`);
      }
      const account = await em.findOne(Account, { id: request.accountId, deletedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!account) throw notFound('The account');
      const now = new Date();
      if (input.outcome === 'approved') {
        const profile = await this.accounts.profile(request.accountId, em);
        if (!profile || !request.legalName || !sameName(profile.fullName, request.legalName)) {
          throw new DomainError('LEGAL_NAME_MISMATCH', "The legal name on the request is no longer the one on her profile; ask for new documents.");
        }
        account.identityVerifiedAt = now;
        await this.outbox.add(em, VerificationApprovedV1.subject, { accountId: account.id, requestId: request.id, kind: 'identity', approvedAt: now.toISOString() });
      }
      const files = request.files ?? [];
      Object.assign(request, {
        status: input.outcome === 'approved' ? 'approved' : input.outcome === 'rejected' ? 'rejected' : 'resubmission-requested',
        reason: reason || null,
        decidedBy: caller.accountId,
        decidedAt: now,
        updatedAt: now,
        // Decided: the images go, and the name with them; resubmission gives her the usual time to send new ones.
        files: null,
        legalName: input.outcome === 'resubmit' ? request.legalName : null,
        assignee: null,
        claimedAt: null,
        ...(input.outcome === 'resubmit' ? { expiresAt: new Date(now.getTime() + this.config.VERIFICATION_EXPIRY_DAYS * DAY) } : {}),
      });
      // Marked for the purge in the same commit: if deleting a file fails below, the sweep retries it.
      await this.uploads.retire(em, files);
      await em.flush();
      return { request, files };
    });
    await this.discard(files);
    return { id: request.id, status: request.status };
  }

  /** Closes requests whose time ran out (their files deleted) and purges uploads never tied to a request. */
  async sweep(): Promise<{ expired: number; purged: number }> {
    const files = await this.em.fork().transactional(async (em) => {
      const now = new Date();
      const expired = await this.requests.expired(em, now);
      const keys: string[] = [];
      for (const request of expired) {
        keys.push(...(request.files ?? []).map((f) => f.key));
        Object.assign(request, { status: 'expired', files: null, legalName: null, assignee: null, claimedAt: null, updatedAt: now });
      }
      await this.uploads.retire(em, keys.map((key) => ({ key })));
      await em.flush();
      return expired.length;
    });
    const stale = await this.requests.abandoned(this.em.fork(), new Date(Date.now() - this.config.ABANDONED_UPLOAD_MINUTES * 60_000));
    let purged = 0;
    const failures: unknown[] = [];
    for (const key of stale) {
      // One file that cannot be deleted does not hold up the others.
      try {
        await this.documents.delete(key);
        await this.requests.clearPending(this.em.fork(), [key]);
        purged += 1;
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} abandoned uploads could not be deleted`);
    return { expired: files, purged };
  }

  // ---- helpers ----

  /** Validates the form, runs `work`, and removes the uploads from the transfer store whatever happens. */
  private async withUploads<T>(payload: SubmitVerificationPayload, work: (fields: VerificationFields) => Promise<T>): Promise<T> {
    try {
      const fields = await validateInput(VerificationFields, payload.fields);
      if (!payload.files.documentFront) throw validationFailed('documentFront', 'is required: a photo of the front of the document');
      if (!payload.files.selfie) throw validationFailed('selfie', 'is required: a photo of your face');
      return await work(fields);
    } finally {
      await this.uploads.release(Object.values(payload.files));
    }
  }

  private async checkLegalName(accountId: string, legalName: string): Promise<void> {
    const profile = await this.accounts.profile(accountId);
    if (!profile) throw notFound('The account');
    if (!sameName(profile.fullName, legalName)) {
      throw new DomainError('LEGAL_NAME_MISMATCH', 'The legal name must be the one on your profile (change it there first if it is wrong).', [{ field: 'legalName', problem: 'is not the legal name on your profile' }]);
    }
  }

  private storeFiles(accountId: string, requestId: string, payload: SubmitVerificationPayload): Promise<StoredDocument[]> {
    const uploads = SLOTS.flatMap((slot) => (payload.files[slot] ? [{ slot, upload: payload.files[slot] }] : []));
    return this.uploads.store(`verification/${accountId}/${requestId}`, uploads);
  }

  private discard(files: StoredDocument[]): Promise<void> {
    return this.uploads.discard(files);
  }
}

/** The verifier holding a request, while her claim lasts. */
export function holder(r: Pick<VerificationRequest, 'assignee' | 'claimedAt'>, now: number): string | null {
  return r.assignee && r.claimedAt && r.claimedAt.getTime() + CLAIM_TTL_MS > now ? r.assignee : null;
}

function ownView(r: VerificationRequest): VerificationRequestView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    documentType: r.documentType,
    submittedAt: r.submittedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    reason: r.reason,
    resubmissionsLeft: Math.max(0, MAX_RESUBMISSIONS - r.resubmissions),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

function reviewView(r: VerificationRequest): VerificationReviewView {
  return {
    ...ownView(r),
    accountId: r.accountId,
    legalName: r.legalName ?? '',
    documentNumberLast4: r.documentNumberLast4,
    assignee: holder(r, Date.now()),
    decidedBy: r.decidedBy,
    files: (r.files ?? []).map((f) => ({ slot: f.slot, url: `/api/v1/verification/requests/${r.id}/files/${f.slot}` })),
  };
}
