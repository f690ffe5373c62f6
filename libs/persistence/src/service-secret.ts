/**
 * A secret a service generates once into its own database (a pseudonym key, a file encryption key
 * when none is configured): 32 random bytes, created on first start by whichever replica gets there
 * first, read by every replica after. The table is the service's, created by its own migration as
 * `(id integer primary key check (id = 1), key bytea not null)`.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

const TABLE = /^[a-z_]{1,63}$/;

export async function serviceSecret(em: EntityManager, table: string): Promise<Buffer> {
  if (!TABLE.test(table)) throw new Error(`Invalid secret table "${table}"`);
  const connection = em.getConnection();
  await connection.execute(`insert into ${table} (id, key) values (1, ?) on conflict do nothing`, [randomBytes(32)]);
  const [row] = await connection.execute<{ key: Buffer }[]>(`select key from ${table} where id = 1`);
  return row.key;
}
