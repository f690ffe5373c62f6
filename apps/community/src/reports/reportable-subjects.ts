/**
 * The subjects community's reports know, collected from the features that own them. Nest has no
 * multi-providers, so each feature's `ReportableSubject` class is listed once in `REPORTABLE`
 * (community.module.ts) and `reportableSubjects(REPORTABLE)` provides them and the registry:
 * adding groups is one entry in that list.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Provider, Type } from '@nestjs/common';
import { REPORTABLE_SUBJECTS } from './reportable-subject';
import type { CommunitySubjectType, ReportableSubject } from './reportable-subject';

@Injectable()
export class ReportableSubjects {
  private readonly byType: Map<string, ReportableSubject>;

  constructor(@Inject(REPORTABLE_SUBJECTS) subjects: ReportableSubject[]) {
    this.byType = new Map(subjects.map((s) => [s.type, s]));
  }

  /** The owner of a subject type, if community owns it. */
  of(type: string): ReportableSubject | undefined {
    return this.byType.get(type);
  }

  types(): CommunitySubjectType[] {
    return [...this.byType.keys()] as CommunitySubjectType[];
  }
}

export function reportableSubjects(classes: readonly Type<ReportableSubject>[]): Provider[] {
  return [
    ...classes,
    { provide: REPORTABLE_SUBJECTS, useFactory: (...subjects: ReportableSubject[]) => subjects, inject: [...classes] },
    ReportableSubjects,
  ];
}
