import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubjectVisibilityChangedV1 } from '@weop/contracts';
import type { Outbox } from '@weop/messaging';
import type { FeedService } from '../feed/feed.service';
import type { ReportableSubject } from './reportable-subject';
import { ReportableSubjects } from './reportable-subjects';
import type { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

const em = {} as EntityManager;
const event = (subjectType: SubjectVisibilityChangedV1['subjectType'], version: number, visibility: SubjectVisibilityChangedV1['visibility']): SubjectVisibilityChangedV1 => ({
  subjectType, subjectId: '7d1f0a5e-33b1-4d55-9f4a-3f6f4b7a9c10', visibility, caseId: '0d4b8f1e-5a6c-4c3d-8e2f-1a2b3c4d5e6f', version, changedAt: '2026-11-28T08:00:00.000Z',
});

describe('ReportsService visibility', () => {
  const setVisibility = jest.fn<Promise<void>, Parameters<ReportableSubject['setVisibility']>>(() => Promise.resolve());
  const message: ReportableSubject = { type: 'message', snapshot: () => Promise.resolve(null), setVisibility };
  const versions = new Map<string, number>();
  const repository = {
    advanceVisibility: (_em: EntityManager, type: string, id: string, version: number) => {
      const key = `${type}:${id}`;
      if ((versions.get(key) ?? 0) >= version) return Promise.resolve(false);
      versions.set(key, version);
      return Promise.resolve(true);
    },
  } as unknown as ReportsRepository;
  const feedVisibility = jest.fn<Promise<void>, Parameters<FeedService['setVisibility']>>(() => Promise.resolve());
  const feed = { setVisibility: feedVisibility } as unknown as FeedService;
  const service = new ReportsService({} as never, new ReportableSubjects([message]), repository, {} as Outbox, feed);

  beforeEach(() => {
    setVisibility.mockClear();
    feedVisibility.mockClear();
    versions.clear();
  });

  it("applies a change through the subject's owner, in version order: a late older event changes nothing", async () => {
    await service.applyVisibility(em, event('message', 2, 'removed'));
    await service.applyVisibility(em, event('message', 1, 'hidden'));
    await service.applyVisibility(em, event('message', 2, 'removed'));
    expect(setVisibility.mock.calls.map((c) => c[2])).toEqual(['removed']);
    await service.applyVisibility(em, event('message', 3, 'visible'));
    expect(setVisibility.mock.calls.map((c) => c[2])).toEqual(['removed', 'visible']);
  });

  it("hands content's subjects to the feed, in version order, and ignores subjects no community feature owns", async () => {
    await service.applyVisibility(em, event('blog', 2, 'hidden'));
    await service.applyVisibility(em, event('blog', 1, 'visible'));
    await service.applyVisibility(em, event('group', 1, 'hidden'));
    await service.applyVisibility(em, event('profile', 1, 'hidden'));
    expect(feedVisibility.mock.calls.map((c) => [c[1], c[3]])).toEqual([['blog', 'hidden']]);
    expect(setVisibility).not.toHaveBeenCalled();
  });
});
