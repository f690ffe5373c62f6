/**
 * Groups as reports see them (`subject.type = group`): the snapshot a moderator reads (name,
 * description, the owner as author) and trust-safety's visibility decisions (a hidden or removed
 * group is not listed and answers 404 to all but its owner; restored, it is back).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportSnapshot, SubjectVisibility } from '@weop/contracts';
import { MembersRepository } from '../members/members.repository';
import type { ReportableSubject } from '../reports/reportable-subject';
import { GroupAccessPolicy } from './group-access';
import { GroupsRepository } from './groups.repository';

@Injectable()
export class GroupReportSubject implements ReportableSubject {
  readonly type = 'group' as const;

  constructor(
    private readonly groups: GroupsRepository,
    private readonly members: MembersRepository,
    private readonly access: GroupAccessPolicy,
  ) {}

  async snapshot(em: EntityManager, subjectId: string, reporterId: string): Promise<ReportSnapshot | null> {
    const group = await this.groups.group(em, subjectId);
    if (!group) return null;
    const membership = await this.groups.membership(em, subjectId, reporterId);
    if (!(await this.access.visible(em, group, membership, reporterId))) return null;
    const owner = await this.members.find(em, group.ownerId);
    return {
      title: group.name,
      body: group.description,
      authorId: group.ownerId,
      authorName: owner?.displayName ?? null,
      createdAt: group.createdAt.toISOString(),
      extra: { visibility: group.visibility, members: String(await this.groups.memberCount(em, subjectId)) },
    };
  }

  async setVisibility(em: EntityManager, subjectId: string, visibility: SubjectVisibility): Promise<void> {
    await this.groups.setModeration(em, subjectId, visibility);
  }
}
