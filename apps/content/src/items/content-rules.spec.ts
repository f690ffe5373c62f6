import { DomainError } from '@weop/contracts';
import type { CreateEventRequest, CreateJobRequest } from '@weop/contracts';
import { canSee, isPublic } from './content-access';
import type { ContentItem } from './content-item.entity';
import { UPDATE_RULES, applyUpdate, checkPublishable, jobExpiry, newBlog, newEvent, newJob, newPublication, newResource } from './content-rules';

const DAY = 86_400_000;
const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return (error.details[0] as { field: string }).field;
    throw error;
  }
  return undefined;
};

const job = (o: Partial<CreateJobRequest> = {}): CreateJobRequest => ({ title: 'Analyst', organization: 'ADB', country: 'KZ', description: 'd', howToApply: 'h', ...o });
const event = (o: Partial<CreateEventRequest> = {}): CreateEventRequest =>
  ({ title: 'Webinar', description: 'd', kind: 'webinar', startsAt: new Date(Date.now() + DAY).toISOString(), endsAt: new Date(Date.now() + DAY + 3_600_000).toISOString(), timeZone: 'Asia/Bishkek', online: true, link: 'https://meet.example.org/x', capacity: 10, ...o });

const item = (o: Partial<ContentItem> = {}): ContentItem =>
  ({ id: 'i', type: 'blog', authorId: 'author', status: 'published', visibility: 'visible', frozen: false, deletedAt: null, expiresAt: null, details: {}, registeredCount: 0, startsAt: null, ...o }) as ContentItem;

describe('what each type needs', () => {
  it('publishes a blog only with the originality attestation; a draft needs none', () => {
    expect(fieldOf(() => newBlog({ title: 't', body: 'b' }))).toBe('originalityAttested');
    expect(fieldOf(() => newBlog({ title: 't', body: 'b', originalityAttested: false }))).toBe('originalityAttested');
    expect(newBlog({ title: 't', body: 'b', draft: true }).draft).toBe(true);
    expect(newBlog({ title: 't', body: 'b', originalityAttested: true }).originalityAttested).toBe(true);
  });

  it('checks a job\'s salary range, its currency and its deadline', () => {
    expect(fieldOf(() => newJob(job({ salaryMin: 900, salaryMax: 100, currency: 'USD' })))).toBe('salaryMax');
    expect(fieldOf(() => newJob(job({ salaryMin: 900 })))).toBe('currency');
    expect(fieldOf(() => newJob(job({ deadline: new Date(Date.now() - 1000).toISOString() })))).toBe('deadline');
    expect(newJob(job({ salaryMin: 0, salaryMax: 0, currency: 'KZT' })).details).toMatchObject({ salaryMin: 0, salaryMax: 0 });
  });

  it('expires a job 30 days after publishing, or at its deadline when that is sooner', () => {
    const published = new Date('2026-03-01T00:00:00Z');
    expect(jobExpiry(published, null, 30).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(jobExpiry(published, '2026-03-10T00:00:00Z', 30).toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(jobExpiry(published, '2026-06-10T00:00:00Z', 30).toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });

  it('checks an event\'s time zone, order of times, and its link or place', () => {
    expect(fieldOf(() => newEvent(event({ timeZone: 'Asia/Nowhere' })))).toBe('timeZone');
    expect(fieldOf(() => newEvent(event({ startsAt: new Date(Date.now() - DAY).toISOString() })))).toBe('startsAt');
    expect(fieldOf(() => newEvent(event({ endsAt: new Date(Date.now() + DAY - 1000).toISOString() })))).toBe('endsAt');
    expect(fieldOf(() => newEvent(event({ link: undefined })))).toBe('link');
    expect(fieldOf(() => newEvent(event({ online: false, link: undefined })))).toBe('place');
    expect(newEvent(event({ online: false, link: undefined, place: 'Bishkek, Erkindik 1' })).details.place).toBe('Bishkek, Erkindik 1');
  });

  it('needs rights for a publication, and a link or a file (not both) for a resource', () => {
    expect(fieldOf(() => newPublication({ title: 't', authors: ['a'], abstract: 'x', year: 2024, licence: 'CC0-1.0', rightsAttested: false }))).toBe('rightsAttested');
    expect(fieldOf(() => newResource({ title: 't', description: 'd', kind: 'guide' }, false))).toBe('url');
    expect(fieldOf(() => newResource({ title: 't', description: 'd', kind: 'guide', url: 'https://x.org' }, true))).toBe('url');
    expect(fieldOf(() => newResource({ title: 't', description: 'd', kind: 'guide' }, true))).toBe('rightsAttested');
  });

  it('will not publish a publication without its document', () => {
    expect(fieldOf(() => checkPublishable(item({ type: 'publication', rightsAttestedAt: new Date() }), false))).toBe('file');
    expect(() => checkPublishable(item({ type: 'publication', rightsAttestedAt: new Date() }), true)).not.toThrow();
  });

  it('will not shrink an event below the members already registered', () => {
    const registered = item({ type: 'event', registeredCount: 5, startsAt: new Date(Date.now() + DAY), details: { endsAt: new Date(Date.now() + 2 * DAY).toISOString(), timeZone: 'UTC', online: true, link: 'https://x.org', capacity: 10 } });
    expect(fieldOf(() => applyUpdate(registered, UPDATE_RULES.event, { capacity: 4 }))).toBe('capacity');
    applyUpdate(registered, UPDATE_RULES.event, { capacity: 20, title: ' Bigger room ' });
    expect(registered.details.capacity).toBe(20);
    expect(registered.title).toBe('Bigger room');
  });
});

describe('who sees an item', () => {
  const member = { accountId: 'reader', sessionId: 's', roles: ['member' as const] };
  const author = { accountId: 'author', sessionId: 's', roles: ['member' as const] };
  const moderator = { accountId: 'mod', sessionId: 's', roles: ['member' as const, 'moderator' as const] };

  it('shows published, visible, unfrozen items to anyone, except discussions to anonymous readers', () => {
    expect(canSee(item(), null)).toBe(true);
    expect(canSee(item({ type: 'discussion' }), null)).toBe(false);
    expect(canSee(item({ type: 'discussion' }), member)).toBe(true);
  });

  it('hides drafts, hidden and frozen items from others but not from the author or staff; removed ones from the author too', () => {
    for (const hidden of [item({ status: 'draft' }), item({ visibility: 'hidden' }), item({ frozen: true }), item({ type: 'job', status: 'pending-review' })]) {
      expect(canSee(hidden, member)).toBe(false);
      expect(canSee(hidden, author)).toBe(true);
      expect(canSee(hidden, moderator)).toBe(true);
    }
    expect(canSee(item({ visibility: 'removed' }), author)).toBe(false);
    expect(canSee(item({ visibility: 'removed' }), moderator)).toBe(true);
    expect(canSee(item({ deletedAt: new Date() }), moderator)).toBe(false);
  });

  it('takes a job out of public lists once past its expiry, but keeps an expired job readable by link', () => {
    expect(isPublic(item({ type: 'job', expiresAt: new Date(Date.now() - 1000) }))).toBe(false);
    expect(canSee(item({ type: 'job', status: 'expired' }), member)).toBe(true);
  });
});
