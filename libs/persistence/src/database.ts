/** Finding and creating a service's own database on the PostgreSQL server it is given. */
import { Client } from 'pg';

export interface DatabaseTarget {
  /** Full connection URL of the service's own database. */
  url: string;
  /** Its name, e.g. `weop_identity`. */
  name: string;
  /** True when the URL was given whole (e.g. one embedded PGlite per service) and must not be created. */
  given: boolean;
}

/**
 * `DATABASE_URL` names a server; each service uses `<prefix>_<service>` on it. A service-specific URL,
 * when set, is used as it is.
 */
export function databaseTarget(options: {
  serverUrl: string;
  service: string;
  prefix: string;
  serviceUrl?: string;
}): DatabaseTarget {
  if (options.serviceUrl) {
    const url = new URL(options.serviceUrl);
    return { url: options.serviceUrl, name: decodeURIComponent(url.pathname.slice(1)) || 'postgres', given: true };
  }
  const name = `${options.prefix}_${options.service}`.replace(/-/g, '_').toLowerCase();
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`Database name "${name}" is not a plain identifier`);
  const url = new URL(options.serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, given: false };
}

/** Creates the database if the server does not have it (safe when replicas race). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database "${name}"`);
      } catch (error) {
        // 42P04: created meanwhile by another replica; 23505: the same race seen through pg_database's index.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.includes('test')) throw new Error(`Refusing to drop "${name}": only test databases are dropped`);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
