import semver from 'semver';
import { parse } from 'yaml';
import { ChartFetchError } from './errors.js';

/** One version of a chart in a Helm repository's `index.yaml`. */
export interface ChartVersionEntry {
  readonly name: string;
  readonly version: string;
  /** Download URLs; relative ones are relative to the repository URL. */
  readonly urls: readonly string[];
  /** sha256 of the chart archive, hex. */
  readonly digest?: string;
}

/** Reads a repository index and returns the versions of `chart`. */
export function chartVersionsFromIndex(
  repo: string,
  chart: string,
  indexYaml: string,
): ChartVersionEntry[] {
  let index: unknown;
  try {
    index = parse(indexYaml, { maxAliasCount: 100 });
  } catch (err) {
    throw new ChartFetchError(
      repo,
      `index.yaml is not valid YAML: ${(err as Error).message}`,
      false,
      err,
    );
  }
  const entries = isRecord(index) && isRecord(index.entries) ? index.entries : undefined;
  if (!entries)
    throw new ChartFetchError(
      repo,
      'index.yaml has no "entries": is this a Helm repository?',
      false,
    );
  const list = entries[chart];
  if (!Array.isArray(list))
    throw new ChartFetchError(repo, `chart "${chart}" not found in the repository index`, false);
  return list.flatMap((e): ChartVersionEntry[] =>
    isRecord(e) && typeof e.version === 'string' && Array.isArray(e.urls)
      ? [
          {
            name: chart,
            version: e.version,
            urls: e.urls.filter((u): u is string => typeof u === 'string'),
            ...(typeof e.digest === 'string' ? { digest: e.digest } : {}),
          },
        ]
      : [],
  );
}

/**
 * Picks the version a target revision asks for: an exact version (with or
 * without `v`), a semver constraint (highest match; pre-releases only when the
 * constraint names one), or — empty or `*` — the highest stable version.
 */
export function pickChartVersion(
  repo: string,
  chart: string,
  versions: readonly ChartVersionEntry[],
  wanted: string | undefined,
): ChartVersionEntry {
  const want = (wanted ?? '').trim();
  const exact = versions.find(
    (v) => v.version === want || v.version === `v${want}` || `v${v.version}` === want,
  );
  if (exact) return exact;
  const range = semver.validRange(want === '' || want === 'latest' ? '*' : want);
  if (!range)
    throw new ChartFetchError(
      repo,
      `chart "${chart}": "${want}" is neither a version nor a semver constraint`,
      false,
    );
  const byVersion = new Map<string, ChartVersionEntry>();
  for (const v of versions) {
    const parsed = semver.valid(v.version);
    if (parsed && !byVersion.has(parsed)) byVersion.set(parsed, v);
  }
  const best = semver.maxSatisfying([...byVersion.keys()], range);
  const entry = best ? byVersion.get(best) : undefined;
  if (!entry)
    throw new ChartFetchError(
      repo,
      `chart "${chart}": no version satisfies "${want || '*'}" (available: ${
        versions
          .map((v) => v.version)
          .slice(0, 10)
          .join(', ') || 'none'
      })`,
      false,
    );
  return entry;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
