import { useCallback, useEffect, useState } from 'react';
import { LoadError } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'notFound' } | { state: 'failed' };

/** Loads once (and again on `reload`): enough for three public pages, no query library needed. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    load().then(
      (data) => isCurrent && setResult({ state: 'ready', data }),
      (error: unknown) => isCurrent && setResult({ state: error instanceof LoadError && error.status === 404 ? 'notFound' : 'failed' }),
    );
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names what is loaded
  }, [key, attempt]);
  const reload = useCallback(() => {
    setResult({ state: 'loading' });
    setAttempt((count) => count + 1);
  }, []);
  return [result, reload] as const;
}
