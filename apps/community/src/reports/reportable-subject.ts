/**
 * What community's reports need from each kind of subject it owns (`message`, `group`). Each feature
 * provides one under the `REPORTABLE_SUBJECTS` multi-provider token; the reports module files the
 * report, publishes `community.report.filed.v1` with the snapshot, and applies trust-safety's
 * visibility decisions through it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportSnapshot, SubjectVisibility } from '@weop/contracts';

export type CommunitySubjectType = 'message' | 'group';

export interface ReportableSubject {
  readonly type: CommunitySubjectType;
  /**
   * The evidence the moderator sees, as the reporter saw it; null when the subject does not exist
   * or the reporter may not see it (she then gets 404, and learns nothing more).
   */
  snapshot(em: EntityManager, subjectId: string, reporterId: string): Promise<ReportSnapshot | null>;
  /** Trust-safety hid, removed or restored the subject. */
  setVisibility(em: EntityManager, subjectId: string, visibility: SubjectVisibility): Promise<void>;
}

export const REPORTABLE_SUBJECTS = Symbol('REPORTABLE_SUBJECTS');
