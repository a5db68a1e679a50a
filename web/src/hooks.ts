import { DependencyList, useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** The same dependencies, compared as React compares them. */
function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/**
 * Loads once per change of deps; `reload()` fetches again (after an action changed the data). While a load
 * runs, the last data stays on screen; loading and error belong to the answer of the current deps only.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [version, setVersion] = useState(0);
  const key = [...deps, version];
  const [state, setState] = useState<{ data?: T; error?: Error; answered?: DependencyList }>({});
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ data, answered: key }),
      (error: Error) => current && setState({ error, answered: key }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, key);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const loading = !state.answered || !sameDeps(state.answered, key);
  return { data: state.data, error: loading ? undefined : state.error, loading, reload };
}

/** Sets the browser tab's title per page, so screen-reader users and tab lists know where they are. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} | keshikomi 消込`;
  }, [title]);
}
