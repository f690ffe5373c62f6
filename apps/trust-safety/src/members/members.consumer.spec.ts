import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@weop/contracts';
import type { PseudonymService } from '../cases/pseudonym.service';
import { MembersConsumer } from './members.consumer';
import type { MembersRepository } from './members.repository';

const em = {} as EntityManager;
const ctx = { em, envelope: {} as EventEnvelope<never> };
const HER = '6f7c1a52-1d0e-4c57-9a3e-2f1b8c4d5e60';

function consumerWith(repository: Partial<Record<keyof MembersRepository, jest.Mock>>) {
  const pseudonyms = { init: jest.fn().mockResolvedValue(undefined), of: jest.fn((caseId: string, reporterId: string) => `P(${caseId}:${reporterId})`) };
  const members = {
    saveNewest: jest.fn(),
    setAuthorCountry: jest.fn(),
    keepAuthorCountry: jest.fn(),
    reportsFiledBy: jest.fn().mockResolvedValue([]),
    anonymiseReports: jest.fn(),
    forget: jest.fn(),
    ...repository,
  };
  return { consumer: new MembersConsumer(members, pseudonyms as unknown as PseudonymService), members, pseudonyms };
}

describe('members in trust-safety', () => {
  it("gives her cases the country of a newer profile event, and leaves them for an older one", async () => {
    const newer = consumerWith({ saveNewest: jest.fn().mockResolvedValue(true) });
    await newer.consumer.profileChanged({ accountId: HER, displayName: 'Aida', country: 'KZ', changedAt: '2026-02-01T10:00:00Z' }, ctx);
    expect(newer.members.saveNewest).toHaveBeenCalledWith(em, HER, 'KZ', new Date('2026-02-01T10:00:00Z'));
    expect(newer.members.setAuthorCountry).toHaveBeenCalledWith(em, HER, 'KZ');

    const older = consumerWith({ saveNewest: jest.fn().mockResolvedValue(false) });
    await older.consumer.profileChanged({ accountId: HER, displayName: 'Aida', country: 'TJ', changedAt: '2020-01-01T00:00:00Z' }, ctx);
    expect(older.members.setAuthorCountry).not.toHaveBeenCalled();
  });

  it('keeps the pseudonym each case showed for her reports, computing it only where none is stored', async () => {
    const { consumer, members, pseudonyms } = consumerWith({
      reportsFiledBy: jest.fn().mockResolvedValue([
        { id: 'r1', caseId: 'c1', reporterPseudonym: null },
        { id: 'r2', caseId: 'c2', reporterPseudonym: 'Reporter KEPT22' },
      ]),
    });
    await consumer.accountDeleted({ accountId: HER, deletedAt: '2026-02-01T10:00:00Z' }, ctx);
    expect(pseudonyms.init).toHaveBeenCalled();
    expect(pseudonyms.of).toHaveBeenCalledTimes(1);
    expect(members.anonymiseReports).toHaveBeenCalledWith(em, HER, [
      { id: 'r1', pseudonym: `P(c1:${HER})` },
      { id: 'r2', pseudonym: 'Reporter KEPT22' },
    ]);
    // Her cases keep the country before her member row goes; her standing and member row are removed.
    expect(members.keepAuthorCountry.mock.invocationCallOrder[0]).toBeLessThan(members.forget.mock.invocationCallOrder[0]);
    expect(members.forget).toHaveBeenCalledWith(em, HER);
  });
});
