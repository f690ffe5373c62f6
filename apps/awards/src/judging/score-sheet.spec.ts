import { DomainError } from '@weop/contracts';
import { DEFAULT_RUBRIC } from '../cycles/cycle-rules';
import { scoreSheet } from './judging.service';

describe('a score sheet', () => {
  it('totals the criteria as their weighted mean and keeps the heaviest criterion for tie-breaks', () => {
    expect(scoreSheet(DEFAULT_RUBRIC, { impact: 10, innovation: 5, sustainability: 5, reach: 5 })).toEqual({ total: 7, lead: 10, criteria: { impact: 10, innovation: 5, sustainability: 5, reach: 5 } });
    // Only the weights' proportions matter.
    const doubled = DEFAULT_RUBRIC.map((c) => ({ ...c, weight: c.weight * 2 }));
    expect(scoreSheet(doubled, { impact: 10, innovation: 5, sustainability: 5, reach: 5 }).total).toBe(7);
  });

  it('names every criterion that is missing, unknown or out of 1–10', () => {
    let caught: unknown;
    try {
      scoreSheet(DEFAULT_RUBRIC, { impact: 0, innovation: 4.5, reach: '7', courage: 9 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).details).toEqual([
      { field: 'scores.courage', problem: expect.stringContaining('not a criterion') },
      { field: 'scores.impact', problem: 'must be a whole number from 1 to 10' },
      { field: 'scores.innovation', problem: 'must be a whole number from 1 to 10' },
      { field: 'scores.sustainability', problem: 'is required' },
      { field: 'scores.reach', problem: 'must be a whole number from 1 to 10' },
    ]);
  });
});
