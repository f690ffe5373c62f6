/**
 * Several reads on one entity manager, as `Promise.all` would run them, but safe inside a transaction.
 *
 * Outside a transaction each read takes its own pooled connection, so they run at once. Inside one, they all
 * go to the transaction's one connection, which takes one statement at a time: `pg` 8 queues the second with
 * a deprecation warning ("client.query() when the client is already executing a query"), and `pg` 9 refuses
 * it. There they run one after another, in the order given.
 */
import type { EntityManager } from '@mikro-orm/core';

export async function readTogether<T extends readonly unknown[]>(em: EntityManager, reads: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  const list = reads as readonly (() => Promise<unknown>)[];
  if (!em.isInTransaction()) return (await Promise.all(list.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of list) results.push(await read());
  return results as unknown as T;
}
