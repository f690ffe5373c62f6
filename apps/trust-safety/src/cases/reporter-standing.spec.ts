import { afterOutcome, reportWeight } from './reporter-standing';

const now = new Date('2026-11-28T10:00:00Z');
const rule = { afterDismissed: 5, days: 30 };

describe("a reporter's standing", () => {
  it('weighs a first report 1, upheld reporters more (at most 2), dismissed ones less (at least 0.25)', () => {
    expect(reportWeight(null, now)).toEqual({ weight: 1, muted: false });
    expect(reportWeight({ upheld: 3, dismissed: 0, mutedUntil: null }, now).weight).toBe(2);
    expect(reportWeight({ upheld: 1, dismissed: 0, mutedUntil: null }, now).weight).toBe(2);
    expect(reportWeight({ upheld: 0, dismissed: 1, mutedUntil: null }, now).weight).toBe(0.5);
    expect(reportWeight({ upheld: 0, dismissed: 9, mutedUntil: null }, now).weight).toBe(0.25);
  });

  it('mutes her after enough dismissed reports with few upheld, for the set number of days', () => {
    let s = null as ReturnType<typeof afterOutcome> | null;
    for (let i = 0; i < 4; i++) s = afterOutcome(s, false, rule, now);
    expect(s!.mutedUntil).toBeNull();
    s = afterOutcome(s, false, rule, now);
    expect(s.mutedUntil).toEqual(new Date('2026-12-28T10:00:00Z'));
    expect(reportWeight(s, now)).toEqual({ weight: 0, muted: true });
    expect(reportWeight(s, new Date('2026-12-29T00:00:00Z')).muted).toBe(false);
  });

  it('does not mute a reporter whose reports are often upheld', () => {
    let s = afterOutcome(null, true, rule, now);
    s = afterOutcome(s, true, rule, now);
    for (let i = 0; i < 6; i++) s = afterOutcome(s, false, rule, now);
    expect(s).toMatchObject({ upheld: 2, dismissed: 6, mutedUntil: null });
  });
});
