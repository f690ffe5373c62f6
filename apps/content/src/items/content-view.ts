/** An item as an answer: the type's own field names, the author's public name, the viewer's own marks. */
import type { AuthorView, ContentItemView, FileView, Principal, Reaction } from '@weop/contracts';
import { isAuthor, isStaff } from './content-access';
import type { ContentItem, Member, StoredFile } from './content-item.entity';

export interface ViewExtras {
  myReactions?: Reaction[];
  myRegistration?: 'registered' | 'waitlisted' | null;
  file?: StoredFile | null;
}

export const authorView = (accountId: string, member: Member | undefined | null): AuthorView => ({
  id: accountId,
  // A member identity has not announced yet (or who left) is shown without a name.
  displayName: member?.displayName ?? 'Member',
});

const EXCERPT = 280;
export const excerptOf = (plain: string): string => (plain.length <= EXCERPT ? plain : `${plain.slice(0, EXCERPT).replace(/\s+\S*$/, '')}…`);

const fileView = (file: StoredFile): FileView => ({ filename: file.filename, contentType: file.contentType, size: file.size });

export function contentView(item: ContentItem, member: Member | undefined | null, viewer: Principal | null, extras: ViewExtras = {}, summary = false): ContentItemView {
  const d = item.details;
  const text = summary ? { excerpt: excerptOf(item.plain) } : textFields(item);
  const view: ContentItemView = {
    id: item.id,
    type: item.type,
    title: item.title,
    ...text,
    tags: item.tags,
    language: item.language,
    country: item.country,
    author: authorView(item.authorId, member),
    status: item.status,
    publishedAt: item.publishedAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    reactions: { like: item.likeCount, insightful: item.insightfulCount, support: item.supportCount },
  };
  if (isAuthor(item, viewer) || isStaff(viewer)) {
    if (item.visibility === 'hidden') view.moderation = 'hidden';
    else if (item.frozen) view.moderation = 'frozen';
  }
  if (extras.myReactions) view.myReactions = extras.myReactions;
  switch (item.type) {
    case 'blog':
      view.commentCount = item.commentCount;
      break;
    case 'discussion':
      view.topic = d.topic;
      view.commentCount = item.commentCount;
      break;
    case 'job':
      Object.assign(view, {
        organization: d.organization,
        city: d.city ?? null,
        remote: d.remote ?? false,
        howToApply: d.howToApply,
        salaryMin: d.salaryMin ?? null,
        salaryMax: d.salaryMax ?? null,
        currency: d.currency ?? null,
        deadline: d.deadline ?? null,
        expiresAt: item.expiresAt?.toISOString() ?? null,
      });
      if (isAuthor(item, viewer) || isStaff(viewer)) view.reviewReason = item.reviewReason;
      break;
    case 'event': {
      const insider = isAuthor(item, viewer) || isStaff(viewer) || extras.myRegistration === 'registered';
      Object.assign(view, {
        kind: d.kind,
        startsAt: item.startsAt?.toISOString(),
        endsAt: d.endsAt,
        timeZone: d.timeZone,
        online: d.online,
        // The meeting link goes to those who registered, so that it is not open to anyone passing by.
        link: insider ? (d.link ?? null) : null,
        place: d.place ?? null,
        capacity: d.capacity,
        waitlist: d.waitlist ?? true,
        registeredCount: item.registeredCount,
        waitlistCount: item.waitlistCount,
        myRegistration: extras.myRegistration ?? null,
      });
      break;
    }
    case 'publication':
      Object.assign(view, { authors: d.authors, year: d.year, licence: d.licence, downloadCount: item.downloadCount, file: extras.file ? fileView(extras.file) : null });
      break;
    case 'resource':
      Object.assign(view, { kind: d.kind, url: d.url ?? null, downloadCount: item.downloadCount, file: extras.file ? fileView(extras.file) : null });
      break;
  }
  return view;
}

export function textFields(item: ContentItem): Partial<ContentItemView> {
  switch (item.type) {
    case 'blog':
    case 'discussion':
      return { body: item.body, bodyHtml: item.bodyHtml };
    case 'publication':
      return { abstract: item.body, descriptionHtml: item.bodyHtml };
    case 'job':
    case 'event':
    case 'resource':
      return { description: item.body, descriptionHtml: item.bodyHtml };
  }
}
