import { constraintBroken, isKnownTimeZone, matchQuality, overlapHours, utcOffsetMinutes } from './match-quality';
import type { MenteeFacts, MentorFacts } from './match-quality';

const mentor = (over: Partial<MentorFacts> = {}): MentorFacts => ({
  accountId: 'mentor', expertise: ['leadership', 'stem'], languages: ['ru', 'en'], countries: ['KZ'], country: 'KZ', utcOffsetMinutes: 300,
  capacity: 2, seatsTaken: 0, available: true, sanctioned: false, verified: false, gender: 'woman', ...over,
});
const mentee = (over: Partial<MenteeFacts> = {}, preferences: Partial<MenteeFacts['preferences']> = {}): MenteeFacts => ({
  accountId: 'mentee', expertise: ['leadership', 'stem'], languages: ['ru'], country: 'UZ', utcOffsetMinutes: 300,
  preferences: { country: 'any', womanMentorOnly: false, minOverlapHours: 0, ...preferences }, ...over,
});

describe('time zones', () => {
  it('reads offsets with daylight saving and counts shared working hours across midnight', () => {
    expect(utcOffsetMinutes('Asia/Tashkent', new Date('2026-06-01T00:00:00Z'))).toBe(300);
    expect(utcOffsetMinutes('Europe/Berlin', new Date('2026-07-01T00:00:00Z'))).toBe(120);
    expect(utcOffsetMinutes('Europe/Berlin', new Date('2026-01-01T00:00:00Z'))).toBe(60);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(overlapHours(300, 300)).toBe(9);
    expect(overlapHours(300, 60)).toBe(5);
    expect(overlapHours(480, -300)).toBe(0);
    // UTC+12 and UTC-11 are one hour apart across the date line.
    expect(overlapHours(720, -660)).toBe(8);
  });
});

describe('hard constraints', () => {
  it('lets a fitting pair through', () => {
    expect(constraintBroken(mentee(), mentor())).toBeNull();
  });

  it.each([
    ['no shared language', mentee({ languages: ['zh'] }), mentor(), 'no-shared-language'],
    ['a full mentor', mentee(), mentor({ seatsTaken: 2 }), 'mentor-at-capacity'],
    ['a paused mentor', mentee(), mentor({ available: false }), 'mentor-paused'],
    ['a sanctioned mentor', mentee(), mentor({ sanctioned: true }), 'mentor-restricted'],
    ['a sanctioned mentee', mentee({ sanctioned: true }), mentor(), 'mentee-restricted'],
    ['herself', mentee({ accountId: 'x' }), mentor({ accountId: 'x' }), 'self'],
    ['a man when she asked for a woman', mentee({}, { womanMentorOnly: true }), mentor({ gender: 'man' }), 'woman-mentor-preference'],
    ['an undisclosed gender when she asked for a woman', mentee({}, { womanMentorOnly: true }), mentor({ gender: 'undisclosed' }), 'woman-mentor-preference'],
    ['another country when she asked for her own', mentee({}, { country: 'same' }), mentor({ country: 'KZ' }), 'country-preference'],
    ['her own country when she asked for another', mentee({ country: 'KZ' }, { country: 'other' }), mentor({ country: 'KZ' }), 'country-preference'],
    ['an unknown country when she asked for another', mentee({}, { country: 'other' }), mentor({ country: null }), 'country-preference'],
    ['too little shared time', mentee({ utcOffsetMinutes: -300 }, { minOverlapHours: 2 }), mentor(), 'time-zone-preference'],
  ])('refuses %s', (_name, e, m, reason) => {
    expect(constraintBroken(e, m)).toBe(reason);
  });

  it('lets a matching run judge a full mentor by the pair alone', () => {
    expect(constraintBroken(mentee(), mentor({ seatsTaken: 2 }), { ignoreSeats: true })).toBeNull();
  });
});

describe('score', () => {
  it('gives the most to expertise, then time together, languages, country and a verified badge, with reasons', () => {
    const full = matchQuality(mentee({ languages: ['ru', 'en'], country: 'KZ' }), mentor({ verified: true }));
    expect(full.score).toBe(100);
    expect(full.reasons).toEqual(['matching expertise: leadership, stem', 'shared languages: ru, en', 'same working hours', 'from your country (KZ)', 'identity verified']);
    const half = matchQuality(mentee(), mentor({ expertise: ['leadership'], countries: [] }));
    expect(half.score).toBe(25 + 10 + 20);
    const far = matchQuality(mentee({ utcOffsetMinutes: -300 }), mentor());
    expect(far.score).toBeLessThan(matchQuality(mentee(), mentor()).score);
    expect(matchQuality(mentee({ country: 'KZ' }), mentor({ country: 'UZ', countries: ['KZ'] })).reasons).toContain('knows your country (KZ)');
  });
});
