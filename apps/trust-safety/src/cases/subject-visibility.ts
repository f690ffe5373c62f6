/**
 * Trust-safety asks the owning service to hide, remove or restore a subject, through the outbox, with
 * a version that grows per subject. Profiles are identity's and are never hidden this way.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SubjectVisibilityChangedV1 } from '@weop/contracts';
import type { Guideline, SubjectVisibility } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { CasesRepository } from './cases.repository';
import type { ModerationCase } from './moderation-case.entity';

/** Subjects whose owning service can hide them. */
export const canHide = (found: Pick<ModerationCase, 'subjectType'>): boolean => found.subjectType !== 'profile';

@Injectable()
export class SubjectVisibilityService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly outbox: Outbox,
  ) {}

  async change(em: EntityManager, found: ModerationCase, visibility: SubjectVisibility, guideline: Guideline | undefined, now: Date): Promise<void> {
    const version = await this.cases.nextVisibilityVersion(em, found.subjectType, found.subjectId);
    await this.outbox.add(em, SubjectVisibilityChangedV1.subject, {
      subjectType: found.subjectType,
      subjectId: found.subjectId,
      visibility,
      caseId: found.id,
      ...(guideline ? { guideline } : {}),
      version,
      changedAt: now.toISOString(),
    });
  }
}
