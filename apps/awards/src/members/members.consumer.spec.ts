import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlocksProjection } from '@weop/messaging';
import type { AuditRepository } from '../audit/audit.repository';
import type { JudgingRepository } from '../judging/judging.repository';
import type { NominationsRepository } from '../nominations/nominations.repository';
import type { ReportsService } from '../reports/reports.service';
import { MembersConsumer } from './members.consumer';
import type { MembersRepository } from './members.repository';

const em = { flush: jest.fn() } as unknown as EntityManager;
const HER = '6f7c1a52-1d0e-4c57-9a3e-2f1b8c4d5e60';
const SANCTION = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

function consumer() {
  const members = { saveVerification: jest.fn(), saveProfile: jest.fn(), imposeSanction: jest.fn(), liftSanction: jest.fn(), forget: jest.fn() };
  const nominations = { releaseNominator: jest.fn(), releaseNominee: jest.fn().mockResolvedValue([{ id: 'n1', cycle_id: 'c1' }]) };
  const judging = { releaseSeats: jest.fn().mockResolvedValue([]) };
  const audit = { eraseActor: jest.fn(), log: jest.fn() };
  const blocks = { forgetMember: jest.fn() };
  const reports = { forgetReporter: jest.fn() };
  return {
    consumer: new MembersConsumer(members as unknown as MembersRepository, nominations as unknown as NominationsRepository, judging as unknown as JudgingRepository, audit as unknown as AuditRepository, blocks as unknown as BlocksProjection, reports as unknown as ReportsService),
    members,
    nominations,
    audit,
    blocks,
    reports,
  };
}

describe('members in awards', () => {
  it('pauses on a suspension or an expulsion, never on a warning, and un-pauses when lifted', async () => {
    const { consumer: c, members } = consumer();
    const base = { sanctionId: SANCTION, accountId: HER, guideline: 'respect' as const, statement: 'x', startsAt: '2026-01-01T00:00:00Z', caseId: null };
    await c.sanctionImposed({ ...base, kind: 'warning', endsAt: null }, { em });
    expect(members.imposeSanction).not.toHaveBeenCalled();
    await c.sanctionImposed({ ...base, kind: 'suspension', endsAt: '2026-01-08T00:00:00Z' }, { em });
    expect(members.imposeSanction).toHaveBeenCalledWith(em, SANCTION, HER, 'suspension', new Date('2026-01-08T00:00:00Z'));
    await c.sanctionLifted({ sanctionId: SANCTION, accountId: HER, reason: 'overturned', liftedAt: '2026-01-03T00:00:00Z' }, { em });
    expect(members.liftSanction).toHaveBeenCalledWith(em, SANCTION, HER, new Date('2026-01-03T00:00:00Z'));
  });

  it('keeps verification from approval and revocation, with their times so a late event cannot undo a newer one', async () => {
    const { consumer: c, members } = consumer();
    await c.verificationApproved({ accountId: HER, requestId: SANCTION, kind: 'identity', approvedAt: '2026-02-01T00:00:00Z' }, { em });
    await c.verificationRevoked({ accountId: HER, kind: 'identity', reason: 'legal-name-changed', revokedAt: '2026-03-01T00:00:00Z' }, { em });
    expect(members.saveVerification.mock.calls).toEqual([
      [em, HER, true, new Date('2026-02-01T00:00:00Z')],
      [em, HER, false, new Date('2026-03-01T00:00:00Z')],
    ]);
  });

  it('on deletion, releases her nominations and seats, drops her blocks, records why, and forgets her last', async () => {
    const { consumer: c, members, nominations, audit, blocks, reports } = consumer();
    await c.accountDeleted({ accountId: HER, deletedAt: '2026-04-01T00:00:00Z' }, { em });
    expect(nominations.releaseNominator).toHaveBeenCalledWith(em, HER);
    expect(blocks.forgetMember).toHaveBeenCalledWith(em, HER);
    expect(reports.forgetReporter).toHaveBeenCalledWith(em, HER);
    expect(audit.eraseActor).toHaveBeenCalledWith(em, HER);
    expect(audit.log).toHaveBeenCalledWith(em, expect.objectContaining({ nominationId: 'n1', action: 'withdrawn', actor: 'system' }));
    expect(members.forget.mock.invocationCallOrder[0]).toBeGreaterThan(audit.eraseActor.mock.invocationCallOrder[0]);
  });
});
