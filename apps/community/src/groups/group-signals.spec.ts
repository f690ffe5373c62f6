import { groupFindings } from './group-signals';

describe('the detectors on a group\'s name and description', () => {
  it('finds a fee and a phone number in a name, and warns in words about a group', () => {
    const findings = groupFindings({ name: 'Pay 50 USD fee for job +996 555 123 456', description: 'Welcome' });
    expect(findings.map((f) => [f.guideline, f.signals.map((s) => s.detector)])).toEqual([['no-scams', ['job-scam']], ['privacy', ['doxxing']]]);
    for (const f of findings) expect(f.notice).toMatch(/^This group/);
  });

  it('looks at the description too, and leaves an ordinary group alone', () => {
    expect(groupFindings({ name: 'Job club', description: 'Send a registration fee of 30 USD to join the job list.' }).map((f) => f.guideline)).toEqual(['no-scams']);
    expect(groupFindings({ name: 'Women in agritech', description: 'Farmers, engineers and lenders.' })).toEqual([]);
  });
});
