/**
 * The rules a service's migrations keep (docs/operations.md, "Move one service forward or back"), as
 * checks test/migrations/migrations-lock.spec.ts runs over every service's list:
 *  - a released migration is never edited or removed: migrations.lock.json holds a hash of the SQL each
 *    one runs (whitespace aside), per service, and a migration's SQL must keep its hash;
 *  - expand/contract: a migration newer than the lock does not drop or rename a table or column, and
 *    does not make a column NOT NULL without a default, unless the class says why it is safe now
 *    (`static readonly destructiveBecause = '…'`: the contract step of an earlier expand).
 */
import { createHash } from 'node:crypto';
import type { MigrationObject } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';

export type MigrationsLock = Record<string, Record<string, string>>;

/** The SQL statements a migration's `up()` adds, without running them. */
export async function statementsOf(migration: MigrationObject): Promise<string[]> {
  const Class = migration.class as unknown as new (driver: never, config: never) => Migration;
  const instance = new Class(undefined as never, undefined as never);
  await instance.up();
  // Every migration here adds SQL text; a query builder would have to be rendered first.
  return instance.getQueries().map((query) => {
    if (typeof query !== 'string') throw new Error(`${migration.name}: only SQL text is locked, not a query builder`);
    return query;
  });
}

/** Whitespace does not change what a statement does: it is left out of the hash. */
export const hashOf = (statements: string[]): string =>
  `sha256:${createHash('sha256').update(statements.map((s) => s.replace(/\s+/g, ' ').trim()).join(';\n')).digest('hex')}`;

/** What the lock would hold for a service's migrations now. */
export async function lockOf(migrations: MigrationObject[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const migration of migrations) out[migration.name] = hashOf(await statementsOf(migration));
  return out;
}

/** Locked migrations that were edited, removed or moved, each with what to do instead. */
export function lockProblems(service: string, locked: Record<string, string>, current: Record<string, string>, shared: readonly string[] = []): string[] {
  const problems: string[] = [];
  const names = Object.keys(current);
  const lockedNames = Object.keys(locked);
  for (const name of lockedNames) {
    if (!(name in current)) {
      problems.push(`${service}: ${name} was released (migrations.lock.json) and is gone. A released migration is never removed: put it back, and undo what it did with a new migration.`);
    } else if (current[name] !== locked[name]) {
      problems.push(`${service}: ${name} was released (migrations.lock.json) and its SQL changed. Never edit a released migration: revert the edit and add a new migration after the last one.`);
    }
  }
  const kept = names.filter((name) => name in locked);
  if (kept.join() !== lockedNames.filter((name) => name in current).join()) problems.push(`${service}: released migrations are out of their released order.`);
  // New migrations come after every released one of their list. The shared outbox/inbox migrations
  // (MESSAGING_MIGRATIONS, run first in every service) are a list of their own: a new one goes at its end,
  // before the service's own, and MikroORM runs it on an existing database as a pending migration by name.
  const sharedNames = names.filter((name) => shared.includes(name));
  const ownNames = names.filter((name) => !shared.includes(name));
  for (const list of [sharedNames, ownNames]) {
    const lastLocked = Math.max(-1, ...list.map((name, index) => (name in locked ? index : -1)));
    for (const name of list.slice(0, lastLocked + 1)) {
      if (!(name in locked)) problems.push(`${service}: ${name} is new but listed before a released migration: add new migrations at the end.`);
    }
  }
  return problems;
}

const withoutComments = (sql: string): string => sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');

/** The statements that would break a version still running on the schema (the contract half of a change). */
export function destructiveStatements(statements: string[]): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    const sql = withoutComments(statement).replace(/\s+/g, ' ').toLowerCase();
    const notNullWithoutDefault =
      // ALTER COLUMN … SET NOT NULL, unless the same statement gives the column a default.
      (/\bset not null\b/.test(sql) && !/\bset default\b/.test(sql)) ||
      // ADD COLUMN … NOT NULL with no DEFAULT: an older version's inserts would fail.
      sql.split(/,(?![^(]*\))/).some((part) => /\badd (column )?(if not exists )?"?\w+"? /.test(part) && /\bnot null\b/.test(part) && !/\bdefault\b/.test(part) && !/\bgenerated\b/.test(part));
    if (/\bdrop (table|column)\b/.test(sql) || /\balter table\b.*\bdrop (?!constraint|default|not null|index|trigger)("?\w+"?)/.test(sql) || /\brename\b/.test(sql) || notNullWithoutDefault) found.push(statement.replace(/\s+/g, ' ').trim());
  }
  return found;
}

/** Destructive statements in migrations newer than the lock, unless the class says why they are safe now. */
export async function unannotatedDestructive(service: string, migrations: MigrationObject[], locked: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const migration of migrations) {
    if (migration.name in locked) continue;
    const because = (migration.class as unknown as { destructiveBecause?: unknown }).destructiveBecause;
    if (typeof because === 'string' && because.trim().length >= 20) continue;
    for (const statement of destructiveStatements(await statementsOf(migration))) {
      problems.push(`${service}: ${migration.name} contracts the schema (${statement.slice(0, 120)}). A version still running may read or write it: ` +
        'expand first (add, backfill, make both versions work), contract in a later release, and say why it is safe on the class: static readonly destructiveBecause = \'…\'.');
    }
  }
  return problems;
}
