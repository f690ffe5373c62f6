/**
 * The console's only way to the platform: the public HTTP API under /api/v1, same origin.
 * Tokens live in sessionStorage (one tab, gone with it); the access token is renewed before it
 * expires, and once more when an answer says it is no longer valid.
 */

export const STAFF_ROLES = ['moderator', 'senior-moderator', 'verifier', 'awards-admin', 'programme-admin', 'admin'] as const;
export type Role = 'member' | 'mentor' | 'judge' | (typeof STAFF_ROLES)[number];

export interface Account {
  id: string;
  status: string;
  roles: Role[];
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  account: Account;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  account: Account;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = 'weop.console.session';
const BASE = '/api/v1';
/** Renew this long before the access token runs out. */
const EARLY_MS = 30_000;

let session: Session | null = read();
let refreshing: Promise<Session | null> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(s: Session | null) => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function store(next: Session | null): void {
  session = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  schedule();
  for (const l of listeners) l(next);
}

function schedule(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (!session) return;
  const wait = Math.max(1000, session.expiresAt - Date.now() - EARLY_MS);
  timer = setTimeout(() => void refresh(), wait);
}

export const currentSession = (): Session | null => session;
export const isStaff = (account: Account): boolean => account.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
export const hasRole = (account: Account | undefined, ...roles: Role[]): boolean => Boolean(account?.roles.some((r) => roles.includes(r)));

export function onSession(listener: (s: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const fromPair = (pair: TokenPair): Session => ({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000, account: pair.account });

async function errorOf(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not the error envelope: keep the status.
  }
  return new ApiError(res.status, code, message);
}

/** Signs in; a member without a staff role is refused here and her new session ended at once. */
export async function signIn(email: string, password: string): Promise<Session> {
  const res = await fetch(`${BASE}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw await errorOf(res);
  const next = fromPair((await res.json()) as TokenPair);
  if (!isStaff(next.account)) {
    await fetch(`${BASE}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${next.accessToken}` } }).catch(() => undefined);
    throw new ApiError(403, 'NOT_STAFF', 'not staff');
  }
  store(next);
  return next;
}

export async function signOut(): Promise<void> {
  const was = session;
  store(null);
  if (was) await fetch(`${BASE}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${was.accessToken}` } }).catch(() => undefined);
}

/** One renewal at a time; a refused renewal ends the session (sign in again). */
export function refresh(): Promise<Session | null> {
  if (!session) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      const res = await fetch(`${BASE}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session?.refreshToken }) });
      if (res.ok) {
        store(fromPair((await res.json()) as TokenPair));
      } else if (res.status === 401 || res.status === 403) {
        store(null);
      } else {
        schedule();
      }
      return session;
    } catch {
      schedule();
      return session;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': document.documentElement.lang || 'en' };
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A raw answer (for documents), renewing the token once on 401. */
export async function fetchRaw(method: string, path: string, body?: unknown): Promise<Response> {
  if (session && session.expiresAt - Date.now() < 5000) await refresh();
  let res = await send(method, path, body);
  if (res.status === 401 && session) {
    const renewed = await refresh();
    if (renewed) res = await send(method, path, body);
  }
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetchRaw(method, path, body);
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const query = (params: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

schedule();
