import { digestMail } from './digest-mail';

describe('the digest mail', () => {
  it('counts per kind, shows ten lines newest first with full links, and says how many more', () => {
    const lines = [
      ...Array.from({ length: 11 }, (_, i) => ({ kind: 'content.comment', text: `Comment ${i + 1}`, link: `/blogs/${i + 1}` })),
      { kind: 'report.outcome', text: 'Your report was reviewed: we took action.', link: '/me/reports' },
    ];
    const mail = digestMail(lines, 'https://weop.example.org/');
    expect(mail.subject).toBe('WEOP: 12 unread notifications');
    expect(mail.text).toContain('- 11 comments on your posts\n- 1 report outcomes');
    expect(mail.text).toContain('* Comment 1\n  https://weop.example.org/blogs/1');
    expect(mail.text).toContain('* Comment 10');
    expect(mail.text).not.toContain('Comment 11');
    expect(mail.text).toContain('…and 2 more: https://weop.example.org/me/notifications');
  });
});
