/**
 * A cycle's rules that need no database: its status from the dates and the stage, the categories every
 * cycle has, the dates' order, and how a template cycle's dates move to a new year.
 */
import { CAREC_COUNTRIES, NOMINEE_KINDS, validationFailed } from '@weop/contracts';
import type { CategoryView, CycleStatus, JudgingStage, ResultGroup, RubricCriterion } from '@weop/contracts';
import type { CycleStage } from './award-cycle.entity';

export const DEFAULT_RUBRIC: readonly RubricCriterion[] = [
  { code: 'impact', title: 'Impact', weight: 40 },
  { code: 'innovation', title: 'Innovation', weight: 20 },
  { code: 'sustainability', title: 'Sustainability', weight: 20 },
  { code: 'reach', title: 'Reach', weight: 20 },
];

export const COUNTRY_NAMES: Record<string, string> = {
  AZ: 'Azerbaijan',
  CN: "People's Republic of China",
  GE: 'Georgia',
  KZ: 'Kazakhstan',
  KG: 'Kyrgyz Republic',
  MN: 'Mongolia',
  PK: 'Pakistan',
  TJ: 'Tajikistan',
  TM: 'Turkmenistan',
  UZ: 'Uzbekistan',
};

export interface CycleDates {
  stage: CycleStage;
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
}

/**
 * API.md: the status follows the dates (nominations-open between opening and closing) unless an
 * awards-admin moved it on; once nominations close, judging begins with the national screening.
 */
export function cycleStatus(cycle: CycleDates, now: Date): { status: CycleStatus; judgingStage: JudgingStage | null } {
  switch (cycle.stage) {
    case 'published':
      return { status: 'published', judgingStage: 'closed' };
    case 'closed':
      return { status: 'judging', judgingStage: 'closed' };
    case 'jury':
      return { status: 'judging', judgingStage: 'jury' };
    case 'nominations':
      if (now < cycle.nominationsOpenAt) return { status: 'draft', judgingStage: null };
      if (now < cycle.nominationsCloseAt) return { status: 'nominations-open', judgingStage: null };
      return { status: 'judging', judgingStage: 'screening' };
  }
}

/** Every cycle's categories: individuals and organisations of each member country, and the regional category (organisations and networks). */
export function categoriesOf(): CategoryView[] {
  const national = CAREC_COUNTRIES.flatMap((country) =>
    NOMINEE_KINDS.map((kind) => ({
      code: `national-${country}-${kind}`,
      category: 'national' as const,
      country,
      kind,
      label: `${COUNTRY_NAMES[country]} — ${kind === 'individual' ? 'individuals' : 'organisations'}`,
    })),
  );
  return [...national, { code: 'regional-organization', category: 'regional', country: null, kind: 'organization', label: 'Regional — networks and organisations working across several member countries' }];
}

/** Ranking groups in the order results and champions are shown: member countries in CAREC order, then regional. */
export const GROUP_ORDER: readonly ResultGroup[] = [...CAREC_COUNTRIES, 'regional'];
export const groupOrderOf = (group: ResultGroup): number => GROUP_ORDER.indexOf(group);

export interface CycleTimes {
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
  judgingStartsAt: Date | null;
  judgingEndsAt: Date | null;
  ceremonyAt: Date | null;
}

/** The dates must follow one another: open < close ≤ judging starts < judging ends ≤ ceremony (those given). */
export function checkDateOrder(t: CycleTimes): void {
  if (t.nominationsOpenAt >= t.nominationsCloseAt) throw validationFailed('nominationsCloseAt', 'must be after nominationsOpenAt');
  if (t.judgingStartsAt && t.judgingStartsAt < t.nominationsCloseAt) throw validationFailed('judgingStartsAt', 'must not be before nominationsCloseAt');
  if (t.judgingEndsAt && t.judgingEndsAt <= (t.judgingStartsAt ?? t.nominationsCloseAt)) throw validationFailed('judgingEndsAt', 'must be after judging starts (and after nominations close)');
  if (t.ceremonyAt && t.ceremonyAt < (t.judgingEndsAt ?? t.judgingStartsAt ?? t.nominationsCloseAt)) throw validationFailed('ceremonyAt', 'must not be before judging ends');
}

/** The same moment `years` later (29 February becomes 28 February). */
export function shiftYears(date: Date, years: number): Date {
  const shifted = new Date(date);
  shifted.setUTCFullYear(date.getUTCFullYear() + years);
  if (shifted.getUTCDate() !== date.getUTCDate()) shifted.setUTCDate(0);
  return shifted;
}

/** Rubric codes are unique; a score sheet total is the weighted mean, so only the weights' proportions matter. */
export function checkRubric(rubric: readonly RubricCriterion[]): void {
  const codes = new Set<string>();
  for (const criterion of rubric) {
    if (codes.has(criterion.code)) throw validationFailed('rubric', `repeats the criterion ${criterion.code}`);
    codes.add(criterion.code);
  }
}

/** The criterion that breaks ties after the totals: the heaviest (the first of equals, in rubric order). */
export function leadCriterion(rubric: readonly RubricCriterion[]): RubricCriterion {
  return rubric.reduce((best, c) => (c.weight > best.weight ? c : best), rubric[0]);
}
