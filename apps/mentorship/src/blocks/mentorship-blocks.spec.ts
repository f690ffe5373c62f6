import type { EntityManager } from '@mikro-orm/postgresql';
import { BlocksProjection } from '@weop/messaging';
import type { Mentorship } from '../mentorships/mentorship.entity';
import type { MentorshipsRepository } from '../mentorships/mentorships.repository';
import type { NotificationsService } from '../notifications/notifications.service';
import type { MentorshipRequest } from '../requests/mentorship-request.entity';
import type { RequestsRepository } from '../requests/requests.repository';
import { CLOSED_REQUEST_NOTE, MentorshipBlocks } from './mentorship-blocks';

const em = { flush: jest.fn() } as unknown as EntityManager;
const [HER, HIM, SOMEONE] = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-000000000003'];
const AT = '2026-11-28T08:00:00.000Z';

function setUp(rows: { mentorships?: Partial<Mentorship>[]; requests?: Partial<MentorshipRequest>[]; blockedNow?: boolean }) {
  const mentorships = (rows.mentorships ?? []).map((m, i) => ({ id: `m${i}`, status: 'active', ...m }) as Mentorship);
  const requests = (rows.requests ?? []).map((r, i) => ({ id: `r${i}`, status: 'pending', ...r }) as MentorshipRequest);
  const tell = jest.fn().mockResolvedValue(undefined);
  const blocks = new MentorshipBlocks(
    { involving: jest.fn().mockResolvedValue(mentorships) } as unknown as MentorshipsRepository,
    { openInvolving: jest.fn().mockResolvedValue(requests) } as unknown as RequestsRepository,
    { tell } as unknown as NotificationsService,
  );
  jest.spyOn(BlocksProjection.prototype, 'created').mockResolvedValue();
  jest.spyOn(blocks, 'between').mockResolvedValue(rows.blockedNow ?? true);
  return { blocks, mentorships, requests, tell };
}

afterEach(() => jest.restoreAllMocks());

describe('a new block in mentorship', () => {
  it('ends their live mentorship early and tells both sides the same neutral words; others are untouched', async () => {
    const { blocks, mentorships, tell } = setUp({ mentorships: [{ mentorId: HIM, menteeId: HER }, { mentorId: SOMEONE, menteeId: HER }] });
    await blocks.created({ blockerId: HER, blockedId: HIM, version: 1, at: AT }, { em });
    expect(mentorships[0]).toMatchObject({ status: 'ended', endReason: 'other', endedBy: HER, endedAt: new Date(AT) });
    expect(mentorships[1].status).toBe('active');
    expect(tell.mock.calls.map((c) => [c[1], c[3]])).toEqual([[HIM, 'Your mentorship has ended.'], [HER, 'Your mentorship has ended.']]);
  });

  it('declines a request when the mentor blocks, withdraws it when the mentee does, and never says why', async () => {
    const byMentor = setUp({ requests: [{ mentorId: HER, menteeId: HIM }] });
    await byMentor.blocks.created({ blockerId: HER, blockedId: HIM, version: 1, at: AT }, { em });
    expect(byMentor.requests[0]).toMatchObject({ status: 'declined', declineReason: 'mentor-unavailable', declineNote: CLOSED_REQUEST_NOTE });
    expect(byMentor.tell).toHaveBeenCalledWith(em, HIM, 'mentorship.request.declined', CLOSED_REQUEST_NOTE, '/mentorship/requests/r0', new Date(AT));
    expect(CLOSED_REQUEST_NOTE).not.toMatch(/block/i);

    const byMentee = setUp({ requests: [{ mentorId: HIM, menteeId: HER, status: 'paused' }] });
    await byMentee.blocks.created({ blockerId: HER, blockedId: HIM, version: 1, at: AT }, { em });
    expect(byMentee.requests[0]).toMatchObject({ status: 'withdrawn', pausedAt: null });
    expect(byMentee.tell).not.toHaveBeenCalled();
  });

  it('does nothing for a late, older block the pair has since lifted', async () => {
    const { blocks, mentorships, requests, tell } = setUp({ blockedNow: false, mentorships: [{ mentorId: HIM, menteeId: HER }], requests: [{ mentorId: HIM, menteeId: HER }] });
    await blocks.created({ blockerId: HER, blockedId: HIM, version: 1, at: AT }, { em });
    expect(mentorships[0].status).toBe('active');
    expect(requests[0].status).toBe('pending');
    expect(tell).not.toHaveBeenCalled();
  });
});
