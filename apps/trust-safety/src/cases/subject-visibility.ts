/**
 * Trust-safety asks the owning service to hide, remove or restore a subject, through the outbox, with
 * a version that grows per subject. Only for the subject types whose owner applies
 * `subject.visibility-changed`: content's types (content), messages and groups (community) and
 * nominations (awards, which pauses a hidden or removed one). Profiles (identity) and mentorships
 * (mentorship) are never hidden or removed this way: their owners do not consume the event, so a hide
 * or a removal would be recorded and never happen. Sanctions on the author still reach them.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CONTENT_SUBJECT_TYPES, SubjectVisibilityChangedV1 } from '@weop/contracts';
import type { Guideline, ReportSubjectType, SubjectVisibility } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { CasesRepository } from './cases.repository';
import type { ModerationCase } from './moderation-case.entity';

/**
 * The subject types whose owning service hides, removes and restores them on `subject.visibility-changed`:
 * content's, community's messages and groups, and awards' nominations (a hidden or removed one is paused,
 * out of judging). Profiles and mentorships are not: their owners act on the author's sanction instead.
 */
export const HIDEABLE_SUBJECT_TYPES: readonly ReportSubjectType[] = [...CONTENT_SUBJECT_TYPES, 'message', 'group', 'nomination'];

/** Whether the subject's owning service can hide or remove it (auto-hide, remove-content). */
export const canHide = (found: Pick<ModerationCase, 'subjectType'>): boolean => HIDEABLE_SUBJECT_TYPES.includes(found.subjectType);

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
