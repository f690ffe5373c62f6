import { constraintBroken, matchScore } from '../suggestions/match-quality';
import type { MenteeFacts, MentorFacts } from '../suggestions/match-quality';
import { pairWeigher, rowWeigher, runMatching } from './matching-run';

let seed = 11;
const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const some = <T>(list: readonly T[], max: number): T[] => [...new Set(Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(list)))];
const LANGS = ['ru', 'en', 'kk', 'uz', 'zh'];
const AREAS = ['leadership', 'stem', 'finance', 'trade'];
const COUNTRIES = ['KZ', 'UZ', 'CN', 'GE'];
const OFFSETS = [240, 300, 360, 480, 60, -300];

const mentor = (j: number): MentorFacts => ({
  accountId: `r${j}`, expertise: some(AREAS, 3), languages: some(LANGS, 2), countries: some(COUNTRIES, 2), country: random() < 0.1 ? null : pick(COUNTRIES),
  utcOffsetMinutes: pick(OFFSETS), capacity: 1 + Math.floor(random() * 3), seatsTaken: 0, available: random() < 0.9, sanctioned: random() < 0.05,
  verified: random() < 0.5, gender: pick(['woman', 'woman', 'man', 'undisclosed'] as const),
});
const mentee = (i: number): MenteeFacts => ({
  accountId: `e${i}`, expertise: some(AREAS, 3), languages: some(LANGS, 2), country: random() < 0.1 ? null : pick(COUNTRIES), utcOffsetMinutes: pick(OFFSETS),
  preferences: { country: pick(['any', 'any', 'same', 'other'] as const), womanMentorOnly: random() < 0.3, minOverlapHours: pick([0, 0, 4, 8]) },
});

describe('the matching run', () => {
  it('weighs every pair exactly as the suggestions do (the fast path changes nothing)', () => {
    const mentees = Array.from({ length: 60 }, (_, i) => mentee(i));
    const mentors = Array.from({ length: 40 }, (_, j) => mentor(j));
    const weigh = pairWeigher(mentees, mentors);
    let allowed = 0;
    mentees.forEach((e, i) => mentors.forEach((r, j) => {
      const slow = constraintBroken(e, r, { ignoreSeats: true }) === null ? matchScore(e, r) : 0;
      expect(weigh(i, j)).toBe(slow);
      if (slow > 0) allowed++;
    }));
    expect(allowed).toBeGreaterThan(100);
  });

  it('weighs a row as it weighs each of its pairs (mentees grouped by what they ask), self-pairs, blocks and many languages included', () => {
    const check = (mentees: MenteeFacts[], mentors: MentorFacts[]): void => {
      const weigh = pairWeigher(mentees, mentors);
      // Every other mentor has a free seat: rows cover only the open ones, in that order.
      const open = Int32Array.from(mentors.flatMap((_, j) => (j % 2 === 0 ? [j] : [])));
      const weighRow = rowWeigher(mentees, mentors, open);
      const rowMentor = new Int32Array(open.length);
      const rowTenths = new Int32Array(open.length);
      mentees.forEach((_, i) => {
        const n = weighRow(i, rowMentor, rowTenths);
        const expected = [...open].filter((j) => weigh(i, j) > 0);
        expect([...rowMentor.subarray(0, n)]).toEqual(expected);
        expect([...rowTenths.subarray(0, n)].map((t) => t / 10)).toEqual(expected.map((j) => weigh(i, j)));
      });
    };
    const mentors = Array.from({ length: 40 }, (_, j) => mentor(j));
    // Mentees alike but for one thing each (groups must tell them apart, or hold them together when only
    // the areas differ); some are mentors too, some block mentors.
    const mentees = Array.from({ length: 20 }, (_, b) => mentee(b)).flatMap((e) => {
      const p = e.preferences;
      return [
        e, { ...e, expertise: some(AREAS, 3) }, { ...e, preferences: { ...p, minOverlapHours: p.minOverlapHours === 8 ? 4 : 8 } },
        { ...e, preferences: { ...p, womanMentorOnly: !p.womanMentorOnly } }, { ...e, preferences: { ...p, country: p.country === 'same' ? ('other' as const) : ('same' as const) } },
        { ...e, utcOffsetMinutes: e.utcOffsetMinutes + 180 }, { ...e, country: e.country === 'KZ' ? 'UZ' : 'KZ' }, { ...e, languages: ['en'] },
      ];
    }).map((e, i) => ({ ...e, accountId: i % 7 === 0 ? `r${i % 40}` : `e${i}`, blocked: i % 5 === 0 ? new Set([`r${i % 40}`, `r${(i + 2) % 40}`]) : undefined }));
    check(mentees, mentors);
    // More than 31 languages: no bit masks, the rows fall back to the plain rules.
    const many = Array.from({ length: 33 }, (_, k) => `l${k}`);
    check(mentees.map((e, i) => (i === 0 ? { ...e, languages: [...e.languages, ...many] } : e)), mentors);
  });

  it('proposes pairs that honour every constraint and capacity, with reasons, and totals at least greedy', () => {
    const mentees = Array.from({ length: 80 }, (_, i) => mentee(i));
    const mentors = Array.from({ length: 20 }, (_, j) => mentor(j));
    const result = runMatching(mentees, mentors);
    const load = new Map<string, number>();
    for (const p of result.proposals) {
      const e = mentees.find((m) => m.accountId === p.menteeId)!;
      const r = mentors.find((m) => m.accountId === p.mentorId)!;
      expect(constraintBroken(e, r, { ignoreSeats: true })).toBeNull();
      expect(p.reasons.length).toBeGreaterThan(0);
      load.set(r.accountId, (load.get(r.accountId) ?? 0) + 1);
    }
    for (const r of mentors) expect(load.get(r.accountId) ?? 0).toBeLessThanOrEqual(r.capacity);
    expect(result.proposals.length + result.unmatched.length).toBe(mentees.length);
    expect(result.totalScore).toBeGreaterThanOrEqual(result.greedyScore);
    expect(result.totalScore).toBeCloseTo(result.proposals.reduce((n, p) => n + p.score, 0), 6);
  });

  it('never pairs a mentee with a mentor on either side of a block, however well they fit', () => {
    const mentees = Array.from({ length: 40 }, (_, i) => mentee(i));
    const mentors = Array.from({ length: 20 }, (_, j) => mentor(j));
    const blockedPairs = new Set<string>();
    const blockedMentees = mentees.map((e) => {
      const blocked = new Set(some(mentors.map((r) => r.accountId), 6));
      for (const r of blocked) blockedPairs.add(`${e.accountId}:${r}`);
      return { ...e, blocked };
    });
    const weigh = pairWeigher(blockedMentees, mentors);
    blockedMentees.forEach((e, i) => mentors.forEach((r, j) => {
      const slow = constraintBroken(e, r, { ignoreSeats: true }) === null ? matchScore(e, r) : 0;
      expect(weigh(i, j)).toBe(slow);
      if (e.blocked.has(r.accountId)) expect(constraintBroken(e, r, { ignoreSeats: true })).toBe('blocked');
    }));
    const result = runMatching(blockedMentees, mentors);
    expect(result.proposals.length).toBeGreaterThan(0);
    for (const p of result.proposals) expect(blockedPairs.has(`${p.menteeId}:${p.mentorId}`)).toBe(false);
  });

  it('gives the only fitting mentor to another mentee when she is blocked, and leaves the blocked mentee unmatched', () => {
    const fit = { expertise: ['stem'], languages: ['ru'], country: 'KZ', utcOffsetMinutes: 300, preferences: { country: 'any' as const, womanMentorOnly: false, minOverlapHours: 0 } };
    const only: MentorFacts = { accountId: 'r-only', expertise: ['stem'], languages: ['ru'], countries: [], country: 'KZ', utcOffsetMinutes: 300, capacity: 1, seatsTaken: 0, available: true, sanctioned: false, verified: true, gender: 'woman' };
    const perfect: MenteeFacts = { accountId: 'e-blocked', ...fit, blocked: new Set(['r-only']) };
    const weaker: MenteeFacts = { accountId: 'e-other', ...fit, expertise: ['stem', 'finance'] };
    const result = runMatching([perfect, weaker], [only]);
    expect(result.proposals.map((p) => [p.menteeId, p.mentorId])).toEqual([['e-other', 'r-only']]);
    expect(result.unmatched).toEqual(['e-blocked']);
  });
});
