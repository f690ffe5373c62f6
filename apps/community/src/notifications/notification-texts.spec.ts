import { appealDecidedLine, commentLine, contentRemovedLine, mentorshipKind, nominationResultLines, reportOutcomeLine, sanctionImposedLine, sanctionLiftedLine } from './notification-texts';

const NOW = '2026-11-28T09:00:00.000Z';

describe('notification texts', () => {
  it('names the commenter, or says "A member" when her name is not known yet', () => {
    const event = { commentId: 'c', itemId: 'i', itemType: 'discussion' as const, itemAuthorId: 'a', commentAuthorId: 'b', link: '/discussions/i', createdAt: NOW };
    expect(commentLine(event, 'Dilnoza')).toEqual({ kind: 'content.comment', text: 'Dilnoza replied to your discussion.', link: '/discussions/i' });
    expect(commentLine(event, null).text).toBe('A member replied to your discussion.');
  });

  it("gathers mentorship's kinds into request, reminder and update", () => {
    expect(mentorshipKind('mentorship.request.received')).toBe('mentorship.request');
    expect(mentorshipKind('mentorship.reminder')).toBe('mentorship.reminder');
    for (const kind of ['mentorship.request.accepted', 'mentorship.paused', 'mentorship.ended', 'mentorship.matched']) expect(mentorshipKind(kind)).toBe('mentorship.update');
  });

  it('tells a reporter only whether action was taken', () => {
    const line = reportOutcomeLine({ reporterId: 'r', reportId: 'x', subjectType: 'profile', status: 'actioned', decidedAt: NOW });
    expect(line).toEqual({ kind: 'report.outcome', text: expect.stringMatching(/^Your report was reviewed: we took action\./), link: '/me/reports' });
    expect(line.text).not.toMatch(/profile|suspend|sanction|warn/i);
  });

  it('words a sanction neutrally, with the end of a suspension and never the statement', () => {
    const base = { sanctionId: 's', accountId: 'a', guideline: 'respect' as const, statement: 'Private reasons', startsAt: NOW, caseId: null };
    expect(sanctionImposedLine({ ...base, kind: 'suspension', endsAt: '2026-12-05T09:00:00.000Z' }).text).toBe('Your account is suspended until 2026-12-05 under the community guidelines. Read the reasons and how to appeal.');
    expect(sanctionImposedLine({ ...base, kind: 'expulsion', endsAt: null })).toMatchObject({ kind: 'sanction.notice', link: '/me/sanctions' });
    expect(JSON.stringify(sanctionImposedLine({ ...base, kind: 'warning', endsAt: null }))).not.toContain('Private reasons');
  });

  it("words an appeal's outcome as the API does: overturned lifts the sanction, upheld leaves it; the lift of an overturn adds no second line", () => {
    const base = { appealId: 'p', sanctionId: 's', accountId: 'a', decidedAt: NOW };
    const overturned = appealDecidedLine({ ...base, outcome: 'overturned' });
    expect(overturned).toMatchObject({ kind: 'sanction.notice', link: '/me/sanctions', text: expect.stringMatching(/^Your appeal was successful: the decision was overturned/) });
    expect(overturned.text).not.toContain('upheld');
    const upheld = appealDecidedLine({ ...base, outcome: 'upheld' });
    expect(upheld.text).toMatch(/^Your appeal was reviewed and the decision was upheld: the sanction on your account stays/);
    expect(upheld.text).not.toMatch(/overturned|lifted/);
    expect(sanctionLiftedLine({ sanctionId: 's', accountId: 'a', reason: 'overturned', liftedAt: NOW })).toBeNull();
    expect(sanctionLiftedLine({ sanctionId: 's', accountId: 'a', reason: 'expired', liftedAt: NOW })?.text).toBe('A suspension of your account has ended.');
  });

  it('tells the author of a removal with no sanction what was removed and under which guideline, and nothing when a sanction tells her', () => {
    const base = { decisionId: 'd', caseId: 'c', subjectType: 'comment' as const, subjectId: 'x', authorId: 'a', guideline: 'privacy' as const, removeContent: true, decidedAt: NOW };
    expect(contentRemovedLine({ ...base, action: 'remove-content', sanctionId: null })).toEqual({
      kind: 'sanction.notice',
      text: 'Your comment was removed by a moderator under the community guideline "privacy". No sanction was imposed on your account.',
      link: '/guidelines/privacy',
    });
    expect(contentRemovedLine({ ...base, action: 'warn', sanctionId: 's' })).toBeNull();
    expect(contentRemovedLine({ ...base, action: 'dismiss', removeContent: false, sanctionId: null })).toBeNull();
    expect(contentRemovedLine({ ...base, action: 'remove-content', sanctionId: null, authorId: null })).toBeNull();
  });

  it('tells the nominator and the member nominee of an award result, each in her own words', () => {
    const lines = nominationResultLines({ nominationId: 'n', cycleId: 'c', year: 2026, nominatorId: 'x', nomineeMemberId: 'y', outcome: 'not-selected', publishedAt: NOW });
    expect(lines.map((l) => l.recipientId)).toEqual(['x', 'y']);
    expect(lines[0].line.text).toContain('your nominee was not among the champions');
    expect(lines[1].line.text).toContain('you were not among the champions');
    expect(nominationResultLines({ nominationId: 'n', cycleId: 'c', year: 2026, nominatorId: null, nomineeMemberId: null, outcome: 'champion', publishedAt: NOW })).toEqual([]);
  });
});
