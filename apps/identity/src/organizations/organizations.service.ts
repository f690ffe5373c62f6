/**
 * Organisation verification. A member asks to verify an organisation she works for, with its official
 * email domain and its documents; a six-digit code sent to an address at that domain proves control
 * (stored only as a keyed digest, 30 minutes, five tries); then a verifier — never the requester —
 * checks the documents. An approved organisation is shown as verified and has a list of members allowed
 * to post for it, announced in full on `identity.organization.verified.v1` so content publishes their
 * job posts without review.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, OrganizationFields, OrganizationVerifiedV1, forbidden, notFound, validationFailed } from '@weop/contracts';
import type {
  CreateOrganizationPayload,
  EmailCodePayload,
  OrganizationCreated,
  OrganizationDecisionPayload,
  OrganizationDocumentSlot,
  OrganizationMemberPayload,
  OrganizationReviewView,
  OrganizationView,
  Principal,
  VerificationFileView,
} from '@weop/contracts';
import { Outbox, validateInput } from '@weop/messaging';
import { AccountsRepository } from '../accounts/accounts.repository';
import { Mailer } from '@weop/mail';
import { DocumentStore } from '../verification/document-store';
import { DocumentUploads } from '../verification/document-uploads';
import { VerificationAccess } from '../verification/verification-request.entity';
import { holder } from '../verification/verification.service';
import { Organization, OrganizationMember } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';

const CODE_TTL_MS = 30 * 60_000;
const CODE_MAX_ATTEMPTS = 5;
const RESEND_AFTER_MS = 60_000;
const SLOTS: readonly OrganizationDocumentSlot[] = ['registrationCertificate', 'supportingDocument'];

const isVerifier = (caller: Principal): boolean => caller.roles.some((r) => r === 'verifier' || r === 'admin');

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly organizations: OrganizationsRepository,
    private readonly accounts: AccountsRepository,
    private readonly documents: DocumentStore,
    private readonly uploads: DocumentUploads,
    private readonly mailer: Mailer,
    private readonly outbox: Outbox,
  ) {}

  async create(caller: Principal, payload: CreateOrganizationPayload): Promise<OrganizationCreated> {
    try {
      const fields = await validateInput(OrganizationFields, payload.fields);
      const domain = fields.emailDomain;
      if (fields.contactEmail.toLowerCase().split('@')[1] !== domain) throw validationFailed('contactEmail', `must be an address at ${domain}, the official domain`);
      if (!payload.files.registrationCertificate) throw validationFailed('registrationCertificate', 'is required: a photo or scan of the registration certificate');
      const id = randomUUID();
      const uploads = SLOTS.flatMap((slot) => (payload.files[slot] ? [{ slot, upload: payload.files[slot] }] : []));
      const files = await this.uploads.store(`verification/${caller.accountId}/organization-${id}`, uploads);
      const code = this.newCode();
      try {
        await this.em.fork().transactional(async (em) => {
          const now = new Date();
          em.persist(
            em.create(Organization, {
              id,
              name: fields.name.trim(),
              country: fields.country,
              registrationNumber: fields.registrationNumber.trim(),
              website: fields.website,
              emailDomain: domain,
              contactEmail: fields.contactEmail.toLowerCase(),
              status: 'awaiting-email',
              requestedBy: caller.accountId,
              codeHash: await this.documents.digest('organization-code', `${id}:${code}`),
              codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS),
              codeSentAt: now,
              files,
              submittedAt: now,
              updatedAt: now,
            }),
          );
          await em.flush();
          await this.uploads.adopt(em, files);
        });
      } catch (error) {
        await this.uploads.discard(files);
        throw error;
      }
      await this.sendCode(fields.contactEmail, fields.name, code);
      return { id, status: 'awaiting-email' };
    } finally {
      await this.uploads.release(Object.values(payload.files));
    }
  }

  async confirmEmail(caller: Principal, input: EmailCodePayload): Promise<OrganizationCreated> {
    const outcome = await this.em.fork().transactional(async (em) => {
      const org = await this.organizations.byId(em, input.id, true);
      if (!org || org.requestedBy !== caller.accountId) throw notFound('The organisation');
      if (org.status !== 'awaiting-email') throw new DomainError('ORGANIZATION_STATE', `The email address was already confirmed (the request is ${org.status}).`);
      if (org.codeAttempts >= CODE_MAX_ATTEMPTS) return 'locked' as const;
      if (!org.codeExpiresAt || org.codeExpiresAt <= new Date()) return 'expired' as const;
      if ((await this.documents.digest('organization-code', `${org.id}:${input.code}`)) !== org.codeHash) {
        org.codeAttempts += 1;
        await em.flush();
        return CODE_MAX_ATTEMPTS - org.codeAttempts;
      }
      const now = new Date();
      Object.assign(org, { status: 'submitted', emailConfirmedAt: now, codeHash: null, codeExpiresAt: null, contactEmail: null, submittedAt: now, updatedAt: now });
      await em.flush();
      return 'confirmed' as const;
    });
    if (outcome === 'confirmed') return { id: input.id, status: 'submitted' };
    if (outcome === 'locked') throw new DomainError('CODE_LOCKED', 'Too many wrong codes: ask for a new one.');
    if (outcome === 'expired') throw new DomainError('CODE_EXPIRED', 'The code has expired: ask for a new one.');
    throw new DomainError('CODE_INVALID', `That is not the code we sent. ${outcome} ${outcome === 1 ? 'try' : 'tries'} left.`, [{ field: 'code', problem: 'does not match' }]);
  }

  /** A new code (at most one a minute), to the same address at the official domain. */
  async resendCode(caller: Principal, id: string): Promise<void> {
    const code = this.newCode();
    const sent = await this.em.fork().transactional(async (em) => {
      const org = await this.organizations.byId(em, id, true);
      if (!org || org.requestedBy !== caller.accountId) throw notFound('The organisation');
      if (org.status !== 'awaiting-email' || !org.contactEmail) throw new DomainError('ORGANIZATION_STATE', 'The email address was already confirmed.');
      const now = new Date();
      if (org.codeSentAt && org.codeSentAt.getTime() + RESEND_AFTER_MS > now.getTime()) throw new DomainError(ErrorCode.RATE_LIMITED, 'A code was sent less than a minute ago; check the mailbox first.');
      Object.assign(org, { codeHash: await this.documents.digest('organization-code', `${org.id}:${code}`), codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS), codeAttempts: 0, codeSentAt: now, updatedAt: now });
      await em.flush();
      return { to: org.contactEmail, name: org.name };
    });
    await this.sendCode(sent.to, sent.name, code);
  }

  /** Anyone sees a verified organisation; the requester and verifiers see the request. */
  async get(caller: Principal | null, id: string): Promise<OrganizationView | OrganizationReviewView> {
    const em = this.em.fork();
    const org = await this.organizations.byId(em, id);
    const privileged = Boolean(caller && org && (org.requestedBy === caller.accountId || isVerifier(caller)));
    if (!org || (!privileged && org.status !== 'approved')) throw notFound('The organisation');
    const memberIds = org.status === 'approved' ? await this.organizations.memberIds(em, id) : [];
    return privileged ? this.reviewView(org, memberIds, caller!) : publicView(org, memberIds);
  }

  async claim(caller: Principal, id: string): Promise<OrganizationReviewView> {
    this.requireVerifier(caller);
    return this.em.fork().transactional(async (em) => {
      const org = await this.organizations.byId(em, id, true);
      if (!org) throw notFound('The organisation');
      if (org.requestedBy === caller.accountId) throw forbidden('A verifier does not review her own request.');
      if (org.status !== 'submitted' && org.status !== 'in-review') throw new DomainError('ORGANIZATION_STATE', `This request is ${org.status}.`);
      const held = holder(org, Date.now());
      if (held && held !== caller.accountId) throw new DomainError('VERIFICATION_CLAIMED', 'Another verifier is reviewing this request.');
      const now = new Date();
      Object.assign(org, { status: 'in-review', assignee: caller.accountId, claimedAt: now, updatedAt: now });
      await em.flush();
      return this.reviewView(org, [], caller);
    });
  }

  async file(caller: Principal, id: string, slot: OrganizationDocumentSlot): Promise<VerificationFileView> {
    this.requireVerifier(caller);
    const stored = await this.em.fork().transactional(async (em) => {
      const org = await this.organizations.byId(em, id);
      if (!org) throw notFound('The organisation');
      if (!org.files) throw new DomainError('FILES_DELETED', 'The documents of this request were deleted when it was decided.');
      if (holder(org, Date.now()) !== caller.accountId) throw new DomainError('VERIFICATION_NOT_CLAIMED', 'Claim the request before viewing its documents.');
      const file = org.files.find((f) => f.slot === slot);
      if (!file) throw notFound('That document');
      em.persist(em.create(VerificationAccess, { id: randomUUID(), requestId: id, kind: 'organization', verifierId: caller.accountId, slot, at: new Date() }));
      await em.flush();
      return file;
    });
    const blob = await this.documents.get(stored.key);
    if (!blob) throw new DomainError('FILES_DELETED', 'The document is no longer kept.');
    return { contentType: blob.contentType, content: blob.bytes.toString('base64') };
  }

  async decide(caller: Principal, input: OrganizationDecisionPayload): Promise<OrganizationCreated> {
    this.requireVerifier(caller);
    const reason = input.reason.trim();
    if (input.outcome === 'rejected' && !reason) throw validationFailed('reason', 'is required: the member is told why');
    const { org, files } = await this.em.fork().transactional(async (em) => {
      const org = await this.organizations.byId(em, input.id, true);
      if (!org) throw notFound('The organisation');
      if (org.requestedBy === caller.accountId) throw forbidden('A verifier never decides her own request.');
      if (org.status !== 'submitted' && org.status !== 'in-review') throw new DomainError('ORGANIZATION_STATE', `This request is already ${org.status}.`);
      const held = holder(org, Date.now());
      if (held && held !== caller.accountId) throw new DomainError('VERIFICATION_CLAIMED', 'Another verifier is reviewing this request.');
      const now = new Date();
      if (input.outcome === 'approved') {
        if (await this.organizations.approvedTwin(em, org)) throw new DomainError(ErrorCode.CONFLICT, 'An organisation with this registration number is already verified in this country.');
        em.persist(em.create(OrganizationMember, { organizationId: org.id, accountId: org.requestedBy, addedBy: caller.accountId, addedAt: now }));
      }
      const files = org.files ?? [];
      Object.assign(org, { status: input.outcome, reason: reason || null, decidedBy: caller.accountId, decidedAt: now, updatedAt: now, files: null, assignee: null, claimedAt: null });
      await this.uploads.retire(em, files);
      await em.flush();
      if (input.outcome === 'approved') await this.announce(em, org, now);
      return { org, files };
    });
    await this.uploads.discard(files);
    return { id: org.id, status: org.status };
  }

  /** A member of a verified organisation (or an admin) adds a colleague allowed to post for it. */
  async addMember(caller: Principal, input: OrganizationMemberPayload): Promise<OrganizationView> {
    return this.changeMembers(caller, input.id, async (em, org, now) => {
      if (!(await this.accounts.byId(input.memberId, em))) throw notFound('The member');
      if (await this.organizations.isMember(em, org.id, input.memberId)) return;
      em.persist(em.create(OrganizationMember, { organizationId: org.id, accountId: input.memberId, addedBy: caller.accountId, addedAt: now }));
    });
  }

  async removeMember(caller: Principal, input: OrganizationMemberPayload): Promise<OrganizationView> {
    return this.changeMembers(caller, input.id, async (em, org) => {
      if (!(await this.organizations.isMember(em, org.id, input.memberId))) throw notFound('The member');
      await em.nativeDelete(OrganizationMember, { organizationId: org.id, accountId: input.memberId });
    });
  }

  /** After her account is deleted: each organisation she belonged to announces its members without her. */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    const now = new Date();
    for (const organizationId of await this.organizations.forgetMember(em, accountId)) {
      const org = await this.organizations.byId(em, organizationId);
      if (org?.status === 'approved') await this.announce(em, org, now);
    }
  }

  // ---- helpers ----

  private async changeMembers(caller: Principal, id: string, change: (em: EntityManager, org: Organization, now: Date) => Promise<void>): Promise<OrganizationView> {
    return this.em.fork().transactional(async (em) => {
      const org = await this.organizations.byId(em, id, true);
      if (!org || org.status !== 'approved') throw notFound('The organisation');
      if (!caller.roles.includes('admin') && !(await this.organizations.isMember(em, org.id, caller.accountId))) {
        throw forbidden("Only the organisation's members change who may post for it.");
      }
      const now = new Date();
      await change(em, org, now);
      await em.flush();
      const memberIds = await this.announce(em, org, now);
      return publicView(org, memberIds);
    });
  }

  private async announce(em: EntityManager, org: Organization, now: Date): Promise<string[]> {
    const memberIds = await this.organizations.memberIds(em, org.id);
    await this.outbox.add(em, OrganizationVerifiedV1.subject, { organizationId: org.id, name: org.name, country: org.country, memberIds, status: 'verified', changedAt: now.toISOString() });
    return memberIds;
  }

  private newCode(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  private async sendCode(to: string, organization: string, code: string): Promise<void> {
    await this.mailer.send({
      to,
      subject: `Your WEOP confirmation code for ${organization}`,
      text: `Someone asked to verify ${organization} on the CAREC Women's Empowerment Online Platform using this address.\n\nThe confirmation code is ${code}. It is valid for 30 minutes.\n\nIf this was not you or your colleague, ignore this email; nothing happens without the code.\n`,
    });
  }

  private requireVerifier(caller: Principal): void {
    if (!isVerifier(caller)) throw forbidden('Only verifiers review organisations.');
  }

  private reviewView(org: Organization, memberIds: string[], caller: Principal): OrganizationReviewView {
    return {
      ...publicView(org, memberIds),
      registrationNumber: org.registrationNumber,
      requestedBy: org.requestedBy,
      emailConfirmedAt: org.emailConfirmedAt?.toISOString() ?? null,
      reason: org.reason,
      assignee: holder(org, Date.now()),
      files: isVerifier(caller) && org.requestedBy !== caller.accountId ? (org.files ?? []).map((f) => ({ slot: f.slot, url: `/api/v1/verification/organizations/${org.id}/files/${f.slot}` })) : [],
      submittedAt: org.submittedAt.toISOString(),
    };
  }
}

function publicView(org: Organization, memberIds: string[]): OrganizationView {
  return { id: org.id, name: org.name, country: org.country, website: org.website, emailDomain: org.emailDomain, status: org.status, verified: org.status === 'approved', memberIds };
}
