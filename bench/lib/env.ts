/**
 * Benchmark parameters from the environment. Only a scenario's
 * `…ParamsFromEnv` reads them, so the scenario itself takes plain values and
 * can be called with any parameters (STYLE.md: no environment reads deep
 * inside code).
 */

/**
 * The number in `env[key]`, or `fallback` when unset. Throws, naming the
 * variable, for anything that is not a finite number ≥ 0: a typo must not
 * silently run a benchmark with NaN objects.
 */
export function envNumber(key: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[key];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${key} must be a number ≥ 0 (got ${JSON.stringify(raw)})`);
  return value;
}
