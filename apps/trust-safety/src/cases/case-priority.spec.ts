import { GUIDELINES } from '@weop/contracts';
import { GUIDELINE_CATALOGUE, catalogueLanguage } from '../policy/guidelines.catalogue';
import { SAFETY_LANE_BONUS, casePriority, isSafetyLane } from './case-priority';

describe('case priority', () => {
  it('puts any safety-lane case above every other case', () => {
    const calm = casePriority({ guidelines: ['respect', 'privacy', 'no-scams'], weightedReports: 50, safetyLane: false });
    const urgent = casePriority({ guidelines: ['be-factual'], weightedReports: 1, safetyLane: true });
    expect(urgent).toBeGreaterThan(calm);
    expect(urgent).toBeGreaterThanOrEqual(SAFETY_LANE_BONUS);
  });

  it('weighs the gravest guideline, then more distinct reporters (bounded)', () => {
    expect(casePriority({ guidelines: ['respect'], weightedReports: 1, safetyLane: false })).toBeGreaterThan(casePriority({ guidelines: ['be-factual'], weightedReports: 1, safetyLane: false }));
    expect(casePriority({ guidelines: ['respect'], weightedReports: 3, safetyLane: false })).toBeGreaterThan(casePriority({ guidelines: ['respect'], weightedReports: 1, safetyLane: false }));
    expect(casePriority({ guidelines: ['be-factual'], weightedReports: 1000, safetyLane: false })).toBeLessThan(casePriority({ guidelines: ['privacy'], weightedReports: 1, safetyLane: false }) + 40);
  });

  it('sends safety reports and doxxing findings to the safety lane', () => {
    expect(isSafetyLane(['safety'], [])).toBe(true);
    expect(isSafetyLane(['privacy'], [{ detector: 'doxxing', code: 'phone-number', detail: 'x' }])).toBe(true);
    expect(isSafetyLane(['respect'], [{ detector: 'near-duplicate', code: 'near-duplicate', detail: 'x' }])).toBe(false);
  });
});

describe('guidelines catalogue', () => {
  it('has every guideline code, each with a title, summary and text in English, Russian and Chinese', () => {
    expect(GUIDELINE_CATALOGUE.map((g) => g.code)).toEqual([...GUIDELINES]);
    for (const g of GUIDELINE_CATALOGUE) for (const t of Object.values(g.texts)) expect(t.title && t.summary && t.text).toBeTruthy();
  });

  it('reads Accept-Language by quality, falling back to English', () => {
    expect(catalogueLanguage(undefined)).toBe('en');
    expect(catalogueLanguage('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(catalogueLanguage('en;q=0.2, zh-Hans;q=0.9')).toBe('zh');
    expect(catalogueLanguage('kk, uz;q=0.5')).toBe('en');
    expect(catalogueLanguage('ru;q=0, en')).toBe('en');
    expect(catalogueLanguage(';;;,,q=abc')).toBe('en');
  });
});
