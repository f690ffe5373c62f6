import { firstMessageFindings } from './first-message-signals';

describe('firstMessageFindings', () => {
  it('names a request to pay and personal data, each with its guideline and a warning for the reader', () => {
    const findings = firstMessageFindings('Pay a registration fee of $40 and call my manager on +7 701 123 45 67.');
    expect(findings.map((f) => [f.guideline, f.signals[0].detector])).toEqual([['no-scams', 'job-scam'], ['privacy', 'doxxing']]);
    expect(findings[1].signals[0].detail).not.toContain('701 123');
    expect(findings.every((f) => f.notice.length > 0)).toBe(true);
  });

  it('finds nothing in an ordinary first message', () => {
    expect(firstMessageFindings('Hello! I liked your talk on rural cooperatives; could we exchange notes?')).toEqual([]);
  });
});
