/**
 * Collects live events and hands them over in batches (at most one per
 * `intervalMs`), so the burst at the start of a stream — an ADDED for every
 * application, a thousand of them — costs one render, not a thousand.
 */
import { useCallback, useEffect, useRef } from 'react';

export function useEventBatch<T>(
  apply: (batch: readonly T[]) => void,
  intervalMs = 100,
): (event: T) => void {
  const pending = useRef<T[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(apply);
  latest.current = apply;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(
    (event: T) => {
      pending.current.push(event);
      if (timer.current !== undefined) return;
      timer.current = window.setTimeout(() => {
        timer.current = undefined;
        const batch = pending.current;
        pending.current = [];
        latest.current(batch);
      }, intervalMs);
    },
    [intervalMs],
  );
}
