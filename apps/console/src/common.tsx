/** Small pieces every page uses: loading an answer, showing an error, the hash route. */
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from './api';
import { useI18n } from './i18n';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => live && (setData(d), setError(undefined)))
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export const messageOf = (e: unknown): string => (e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e));

export function ErrorNote({ error }: { error: unknown }): ReactNode {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {t('error', { message: messageOf(error) })}
    </p>
  );
}

export function Status({ children }: { children: ReactNode }): ReactNode {
  return (
    <p role="status" className="ok">
      {children}
    </p>
  );
}

export function useRoute(): string[] {
  const parse = (): string[] => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = (): void => setRoute(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const go = (path: string): void => {
  window.location.hash = `#/${path}`;
};

export const short = (id: string): string => id.slice(0, 8);
