import { KeelsonError } from '../core/index.js';
import type { Backoff } from '../apis/index.js';

/** A duration string in a retry policy could not be read. */
export class InvalidDurationError extends KeelsonError {}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Reads Argo CD's duration strings: plain seconds (`"5"`) or Go-style
 * durations (`"5s"`, `"2m"`, `"1h30m"`, `"250ms"`).
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new InvalidDurationError(
      `invalid duration ${JSON.stringify(text)}: use e.g. "5s", "2m" or "1h30m"`,
    );
  }
  return parts.reduce(
    (sum, [, value, unit]) => sum + Number(value) * (UNIT_MS[unit ?? 's'] ?? 1_000),
    0,
  );
}

/** Argo CD's defaults: 5 s, doubling, at most 3 min. */
const DEFAULT_BACKOFF = { durationMs: 5_000, factor: 2, maxMs: 3 * 60_000 };

/** Wait before retry number `attempt` (1-based) under `backoff`. */
export function retryDelay(backoff: Backoff | undefined, attempt: number): number {
  const base = backoff?.duration ? parseDuration(backoff.duration) : DEFAULT_BACKOFF.durationMs;
  const factor = backoff?.factor ?? DEFAULT_BACKOFF.factor;
  const max = backoff?.maxDuration ? parseDuration(backoff.maxDuration) : DEFAULT_BACKOFF.maxMs;
  return Math.min(max, base * factor ** Math.max(0, attempt - 1));
}
