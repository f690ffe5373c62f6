/** Organisations and their members as identity stores them. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Organization, OrganizationMember } from './organization.entity';

@Injectable()
export class OrganizationsRepository {
  byId(em: EntityManager, id: string, lock = false): Promise<Organization | null> {
    return em.findOne(Organization, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  async memberIds(em: EntityManager, organizationId: string): Promise<string[]> {
    return (await em.find(OrganizationMember, { organizationId }, { orderBy: { addedAt: 'asc' } })).map((m) => m.accountId);
  }

  async isMember(em: EntityManager, organizationId: string, accountId: string): Promise<boolean> {
    return (await em.count(OrganizationMember, { organizationId, accountId })) > 0;
  }

  async approvedTwin(em: EntityManager, org: Organization): Promise<boolean> {
    const rows = await em.getConnection().execute<{ n: number }[]>(
      `select 1 as n from organization where status = 'approved' and country = ? and lower(registration_number) = lower(?) and id <> ?`,
      [org.country, org.registrationNumber, org.id], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** For her export: the organisations she asked to have verified, and those she is a member of (with their names). */
  async ofMember(em: EntityManager, accountId: string): Promise<{ requested: Organization[]; memberships: { organization: Organization | null; addedAt: Date }[] }> {
    const requested = await em.find(Organization, { requestedBy: accountId }, { orderBy: { submittedAt: 'asc' } });
    const rows = await em.find(OrganizationMember, { accountId }, { orderBy: { addedAt: 'asc' } });
    const named = new Map((await em.find(Organization, { id: { $in: rows.map((r) => r.organizationId) } })).map((o) => [o.id, o]));
    return { requested, memberships: rows.map((r) => ({ organization: named.get(r.organizationId) ?? null, addedAt: r.addedAt })) };
  }

  /** What a deleted account leaves: she is no longer a member of any organisation (answers the ones she left). */
  async forgetMember(em: EntityManager, accountId: string): Promise<string[]> {
    const memberships = await em.find(OrganizationMember, { accountId });
    await em.nativeDelete(OrganizationMember, { accountId });
    return memberships.map((m) => m.organizationId);
  }
}
