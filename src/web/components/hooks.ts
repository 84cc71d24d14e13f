// Small hooks shared by pages: phone layout, filters kept in the address bar.
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useEffect } from 'react';
import { useBlocker, useSearchParams } from 'react-router';

/** Phones and narrow windows (below Mantine's `sm` breakpoint, 48em). */
export function useIsMobile(): boolean {
  return useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false }) ?? false;
}

/**
 * Filters and the page number live in the URL (?q=…&thon=…&trang=2), so Back returns to the
 * same list and a link can be shared. Changing a filter goes back to page 1.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  const page = Math.max(1, Number(params.get('trang') ?? 1) || 1);
  const set = useCallback(
    (patch: Partial<Record<K | 'trang', string | number | null>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === '' || (k === 'trang' && Number(v) === 1)) next.delete(k);
            else next.set(k, String(v));
          }
          if (!('trang' in patch)) next.delete('trang');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { values, page, set };
}

/**
 * Unsaved work is not lost by leaving unawares: moving to another page (or, with
 * `search`, another query of the same page) is held by the returned blocker for the page to
 * ask, and closing the tab warns.
 */
export function useLeaveGuard(dirty: boolean, { search = false }: { search?: boolean } = {}) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) =>
    dirty && (currentLocation.pathname !== nextLocation.pathname || (search && currentLocation.search !== nextLocation.search)));
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return blocker;
}
