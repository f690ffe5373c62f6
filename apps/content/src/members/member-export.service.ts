/**
 * What content holds of her, for `GET /me/export`: every item she authored (deleted ones too, their rows
 * are kept), her comments, reactions, registrations and the reports she filed, and what content keeps
 * of her account (her public name, the organisations she posts for, the sanctions that freeze her posts).
 * Other members' data is not hers to take: her events' registrants appear as counts, reports about her
 * content are trust-safety's to tell, and her reports carry no snapshot of someone else's words.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@weop/contracts';
import type { ContentItem, Member, StoredFile } from '../items/content-item.entity';
import { ContentItemsRepository } from '../items/content-items.repository';
import { contentView, textFields } from '../items/content-view';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { MembersRepository } from './members.repository';

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

@Injectable()
export class MemberExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly reports: ReportsRepository,
    private readonly members: MembersRepository,
    private readonly moderation: ModerationRepository,
  ) {}

  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const me = caller.accountId;
    const authored = await this.items.authoredBy(me, em);
    const [files, member, comments, reactions, registrations, reports, organizations, sanctions] = await Promise.all([
      this.items.files(authored.map((i) => i.id), em),
      this.items.member(me, em),
      this.items.commentsBy(me, em),
      this.items.reactionsBy(me, em),
      this.items.registrationsOf(me, em),
      this.reports.filedBy(me, em),
      this.members.organizationsPostingFor(em, me),
      this.moderation.sanctionsOf(em, me),
    ]);
    const waitlisted = new Map<string, number>();
    for (const r of registrations) if (r.status === 'waitlisted') waitlisted.set(r.eventId, await this.items.waitlistPosition(r.eventId, r, em));
    return {
      member: member ? { displayName: member.displayName, country: member.country, updatedAt: member.updatedAt.toISOString() } : null,
      items: authored.map((item) => this.item(item, member, caller, files.get(item.id) ?? null)),
      comments: comments.map((c) => ({
        id: c.id, itemId: c.itemId,
        // Words moderators removed are not handed back out; that they existed and were removed is hers to know.
        text: c.visibility === 'removed' ? null : c.body,
        removedByModerators: c.visibility === 'removed', hiddenByModerators: c.visibility === 'hidden',
        createdAt: c.createdAt.toISOString(), deletedAt: iso(c.deletedAt),
      })),
      reactions: reactions.map((r) => ({ itemId: r.itemId, itemType: r.itemType, kind: r.kind, reactedAt: r.createdAt.toISOString() })),
      registrations: registrations.map((r) => ({ eventId: r.eventId, status: r.status, position: waitlisted.get(r.eventId) ?? null, registeredAt: r.createdAt.toISOString() })),
      reportsFiled: reports.map((r) => ({
        id: r.id, subject: { type: r.subjectType, id: r.subjectId }, guideline: r.guideline, details: r.details, status: r.status,
        filedAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
      })),
      organizationsPostingFor: organizations,
      sanctions: sanctions.map((s) => ({ id: s.sanctionId, kind: s.kind, endsAt: iso(s.endsAt), liftedAt: iso(s.liftedAt) })),
    };
  }

  /** The item as she reads it herself, with what moderation and the lifecycle did to it; a removed item's text stays out. */
  private item(item: ContentItem, member: Member | null, caller: Principal, file: StoredFile | null): Record<string, unknown> {
    const removed = item.visibility === 'removed';
    const withheld = removed ? Object.fromEntries(Object.keys(textFields(item)).map((k) => [k, null])) : {};
    return {
      ...contentView(item, member, caller, { file }),
      ...withheld,
      ...(removed ? { title: null } : {}),
      moderation: { visibility: item.visibility, frozen: item.frozen, reviewReason: item.reviewReason },
      removedByModerators: removed,
      expiresAt: iso(item.expiresAt),
      startsAt: iso(item.startsAt),
      originalityAttestedAt: iso(item.originalityAttestedAt),
      rightsAttestedAt: iso(item.rightsAttestedAt),
      commentCount: item.commentCount,
      deletedAt: iso(item.deletedAt),
    };
  }
}
