/**
 * Opaque keyset cursors for `?cursor=` (API.md "Lists"): the sort key of the last item of a page,
 * base64url JSON. A cursor a client altered is a 400, never a 500 or a wrong page.
 */
import { DomainError } from './domain-error';
import { ErrorCode } from './error-codes';

export type CursorValue = string | number;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export const badCursor = (): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'cursor', problem: 'is not a cursor this list gave out' }]);

/** Decodes a cursor whose values have the given kinds ('string' | 'number' | 'date' | 'uuid'). */
export function decodeCursor(cursor: string | undefined, kinds: readonly ('string' | 'number' | 'date' | 'uuid')[]): CursorValue[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(values) || values.length !== kinds.length) throw badCursor();
  kinds.forEach((kind, i) => {
    const v: unknown = values[i];
    const ok =
      kind === 'number' ? typeof v === 'number' && Number.isFinite(v)
      // Dates the database can take back: four-digit years after 1970 (no ±YYYYYY forms).
      : kind === 'date' ? typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && Date.parse(v) >= 0
      : kind === 'uuid' ? typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
      // No NUL: PostgreSQL text cannot hold it, and the query would fail instead of answering 400.
      : typeof v === 'string' && v.length <= 500 && !v.includes('\u0000');
    if (!ok) throw badCursor();
  });
  return values as CursorValue[];
}

/** Takes one row more than the page to know whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => readonly CursorValue[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
