/**
 * Coalesces bursts of live updates into one call at most every `intervalMs`
 * (trailing), so a thousand events refetch the page once, not a thousand times.
 */
import { useCallback, useEffect, useRef } from 'react';

export function useThrottled(callback: () => void, intervalMs: number): () => void {
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, intervalMs);
  }, [intervalMs]);
}
