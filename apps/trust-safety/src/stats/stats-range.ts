/**
 * The span of UTC days a statistics request covers: `to` included, the last 30 days by default, at
 * most 366 days. Refused with VALIDATION_FAILED, and a message saying what is wrong, otherwise.
 */
import { DomainError, ErrorCode, STATS_DEFAULT_DAYS, STATS_MAX_DAYS } from '@weop/contracts';

const DAY_MS = 86_400_000;
/** Nothing was reported before the platform existed; the bound also keeps years PostgreSQL refuses out. */
export const STATS_EARLIEST_DAY = '2000-01-01';
const LATEST_DAY = '9999-12-31';

export interface StatsRange {
  /** First day counted, YYYY-MM-DD. */
  from: string;
  /** Last day counted (included), YYYY-MM-DD. */
  to: string;
  days: number;
}

const refuse = (field: 'from' | 'to', problem: string, message: string): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field, problem }]);

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** Midnight UTC of a YYYY-MM-DD day, or a refusal naming the field when it is not a day on the calendar. */
function parseDay(value: string, field: 'from' | 'to'): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(Number.NaN);
  // The Date parser rolls 2025-02-30 over into March: a day that does not read back the same is not one.
  if (Number.isNaN(date.getTime()) || dayOf(date) !== value) {
    throw refuse(field, 'must be a calendar date as YYYY-MM-DD', `${field} (${value}) is not a calendar date as YYYY-MM-DD.`);
  }
  if (value < STATS_EARLIEST_DAY || value > LATEST_DAY) {
    throw refuse(field, `must be between ${STATS_EARLIEST_DAY} and ${LATEST_DAY}`, `${field} (${value}) must be between ${STATS_EARLIEST_DAY} and ${LATEST_DAY}.`);
  }
  return date;
}

export function statsRange(input: { from?: string; to?: string }, now: Date): StatsRange {
  const to = input.to !== undefined ? parseDay(input.to, 'to') : new Date(`${dayOf(now)}T00:00:00Z`);
  const from = input.from !== undefined ? parseDay(input.from, 'from') : new Date(to.getTime() - (STATS_DEFAULT_DAYS - 1) * DAY_MS);
  if (from > to) {
    throw refuse('from', 'must not be after to', `from (${dayOf(from)}) is after to (${dayOf(to)}): the span must run forward.`);
  }
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
  if (days > STATS_MAX_DAYS) {
    // Blame the date the caller chose: with `to` left out, it is `from` that reaches too far back.
    const field = input.to !== undefined ? 'to' : 'from';
    throw refuse(field, `must make a span of at most ${STATS_MAX_DAYS} days`, `The span ${dayOf(from)} to ${dayOf(to)} is ${days} days; at most ${STATS_MAX_DAYS} can be asked for at once.`);
  }
  return { from: dayOf(from), to: dayOf(to), days };
}
