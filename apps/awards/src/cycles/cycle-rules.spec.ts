import { DomainError } from '@weop/contracts';
import { categoriesOf, checkDateOrder, cycleStatus, leadCriterion, shiftYears } from './cycle-rules';

const at = (iso: string): Date => new Date(iso);
const cycle = { stage: 'nominations' as const, nominationsOpenAt: at('2026-03-01T00:00:00Z'), nominationsCloseAt: at('2026-05-01T00:00:00Z') };

describe('cycle status', () => {
  it('follows the dates: draft before opening, open in the window, screening after closing', () => {
    expect(cycleStatus(cycle, at('2026-02-28T23:59:59Z'))).toEqual({ status: 'draft', judgingStage: null });
    expect(cycleStatus(cycle, at('2026-03-01T00:00:00Z'))).toEqual({ status: 'nominations-open', judgingStage: null });
    expect(cycleStatus(cycle, at('2026-05-01T00:00:00Z'))).toEqual({ status: 'judging', judgingStage: 'screening' });
  });

  it('follows the stage once the jury has begun, whatever the dates say', () => {
    const early = at('2026-01-01T00:00:00Z');
    expect(cycleStatus({ ...cycle, stage: 'jury' }, early)).toEqual({ status: 'judging', judgingStage: 'jury' });
    expect(cycleStatus({ ...cycle, stage: 'closed' }, early)).toEqual({ status: 'judging', judgingStage: 'closed' });
    expect(cycleStatus({ ...cycle, stage: 'published' }, early)).toEqual({ status: 'published', judgingStage: 'closed' });
  });
});

describe('categories', () => {
  it('are individuals and organisations of each of the ten member countries, and one regional category for organisations', () => {
    const categories = categoriesOf();
    expect(categories).toHaveLength(21);
    expect(categories.filter((c) => c.country === 'KZ').map((c) => c.kind)).toEqual(['individual', 'organization']);
    expect(categories.filter((c) => c.category === 'regional')).toEqual([expect.objectContaining({ country: null, kind: 'organization' })]);
  });
});

describe('dates', () => {
  it('refuses a window that closes before it opens, and a ceremony before judging ends', () => {
    expect(() => checkDateOrder({ nominationsOpenAt: at('2026-05-01T00:00:00Z'), nominationsCloseAt: at('2026-03-01T00:00:00Z'), judgingStartsAt: null, judgingEndsAt: null, ceremonyAt: null })).toThrow(DomainError);
    expect(() => checkDateOrder({ ...cycle, judgingStartsAt: at('2026-06-01T00:00:00Z'), judgingEndsAt: at('2026-09-01T00:00:00Z'), ceremonyAt: at('2026-08-01T00:00:00Z') })).toThrow(/ceremonyAt|not valid/);
    expect(() => checkDateOrder({ ...cycle, judgingStartsAt: at('2026-06-01T00:00:00Z'), judgingEndsAt: at('2026-09-01T00:00:00Z'), ceremonyAt: at('2026-11-15T00:00:00Z') })).not.toThrow();
  });

  it('moves a template\'s dates by whole years, 29 February to 28 February', () => {
    expect(shiftYears(at('2023-11-15T09:00:00Z'), 3).toISOString()).toBe('2026-11-15T09:00:00.000Z');
    expect(shiftYears(at('2024-02-29T12:00:00Z'), 1).toISOString()).toBe('2025-02-28T12:00:00.000Z');
  });
});

describe('lead criterion', () => {
  it('is the heaviest, the first of equals', () => {
    expect(leadCriterion([{ code: 'reach', title: 'Reach', weight: 20 }, { code: 'impact', title: 'Impact', weight: 40 }]).code).toBe('impact');
    expect(leadCriterion([{ code: 'a', title: 'A', weight: 1 }, { code: 'b', title: 'B', weight: 1 }]).code).toBe('a');
  });
});
