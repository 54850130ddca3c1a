/**
 * The applications list's filters: kept in the page URL (so a filtered view
 * can be bookmarked and shared), turned into the API's query parameters
 * (filtering and paging happen on the server), and matched client-side only
 * to decide whether a live update may have changed the current page.
 */
import type { Application } from '../api/types.js';
import { nameOf } from './app-view.js';

export const SYNC_CODES = ['Synced', 'OutOfSync', 'Unknown'] as const;
export const HEALTH_CODES = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
] as const;

export interface AppFilters {
  readonly projects: readonly string[];
  readonly sync: readonly string[];
  readonly health: readonly string[];
  /** Destination cluster, by name or server URL. */
  readonly cluster: string;
  readonly namespace: string;
  /** Kubernetes label selector on the Application (`team=shop,tier!=db`). */
  readonly labels: string;
  /** Substring of the name. */
  readonly search: string;
}

export const EMPTY_FILTERS: AppFilters = {
  projects: [],
  sync: [],
  health: [],
  cluster: '',
  namespace: '',
  labels: '',
  search: '',
};

/** Short URL keys of the UI; the API's keys are in {@link toApiQuery}. */
const URL_KEYS = {
  projects: 'proj',
  sync: 'sync',
  health: 'health',
  cluster: 'cluster',
  namespace: 'ns',
  labels: 'labels',
  search: 'q',
} as const;

const LIST_FIELDS = ['projects', 'sync', 'health'] as const;
const TEXT_FIELDS = ['cluster', 'namespace', 'labels', 'search'] as const;

/** Reads the filters from the page's query string; unknown keys are ignored. */
export function filtersFromSearch(params: URLSearchParams): AppFilters {
  const lists = (key: string) => unique(params.getAll(key).filter((v) => v !== ''));
  return {
    projects: lists(URL_KEYS.projects),
    sync: lists(URL_KEYS.sync),
    health: lists(URL_KEYS.health),
    cluster: params.get(URL_KEYS.cluster) ?? '',
    namespace: params.get(URL_KEYS.namespace) ?? '',
    labels: params.get(URL_KEYS.labels) ?? '',
    search: params.get(URL_KEYS.search) ?? '',
  };
}

/** Writes the filters into a query string; empty filters are left out. */
export function filtersToSearch(filters: AppFilters, base?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const field of LIST_FIELDS) {
    params.delete(URL_KEYS[field]);
    for (const value of filters[field]) params.append(URL_KEYS[field], value);
  }
  for (const field of TEXT_FIELDS) {
    params.delete(URL_KEYS[field]);
    const value = filters[field].trim();
    if (value) params.set(URL_KEYS[field], value);
  }
  return params;
}

/** The API's query (`GET /api/v1/applications`) for the filters and one page. */
export function toApiQuery(
  filters: AppFilters,
  page: { readonly limit?: number; readonly continue?: string } = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const project of filters.projects) params.append('project', project);
  for (const code of filters.sync) params.append('sync', code);
  for (const code of filters.health) params.append('health', code);
  const text: readonly [string, string][] = [
    ['cluster', filters.cluster],
    ['namespace', filters.namespace],
    ['selector', filters.labels],
    ['search', filters.search],
  ];
  for (const [key, value] of text) if (value.trim()) params.set(key, value.trim());
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  if (page.continue) params.set('continue', page.continue);
  return params;
}

/** How many filters are set (the "Clear filters (3)" button). */
export function activeFilterCount(filters: AppFilters): number {
  return (
    LIST_FIELDS.reduce((n, field) => n + filters[field].length, 0) +
    TEXT_FIELDS.filter((field) => filters[field].trim() !== '').length
  );
}

/** Adds the value when missing, removes it when present. */
export function toggleValue(values: readonly string[], value: string): readonly string[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/**
 * One query per status code counting the applications in that status under
 * the other filters (a facet count ignores its own dimension, so the counts
 * stay visible while one status is selected). `limit=1`: only `total` is read.
 */
export function facetQueries(filters: AppFilters): {
  readonly dimension: 'sync' | 'health';
  readonly code: string;
  readonly query: URLSearchParams;
}[] {
  return [
    ...SYNC_CODES.map((code) => ({
      dimension: 'sync' as const,
      code,
      query: toApiQuery({ ...filters, sync: [code] }, { limit: 1 }),
    })),
    ...HEALTH_CODES.map((code) => ({
      dimension: 'health' as const,
      code,
      query: toApiQuery({ ...filters, health: [code] }, { limit: 1 }),
    })),
  ];
}

/**
 * Whether an application passes the filters, mirroring the server's rules
 * (used only to decide if a live update changed the current page).
 */
export function matchesFilters(app: Application, filters: AppFilters): boolean {
  const project = app.spec.project || 'default';
  const sync = app.status?.sync?.status ?? 'Unknown';
  const health = app.status?.health?.status ?? 'Unknown';
  const destination = app.spec.destination;
  return (
    (filters.projects.length === 0 || filters.projects.includes(project)) &&
    (filters.sync.length === 0 || filters.sync.includes(sync)) &&
    (filters.health.length === 0 || filters.health.includes(health)) &&
    (!filters.cluster.trim() ||
      [destination.server, destination.name].includes(filters.cluster.trim())) &&
    (!filters.namespace.trim() || destination.namespace === filters.namespace.trim()) &&
    (!filters.search.trim() ||
      nameOf(app).toLowerCase().includes(filters.search.trim().toLowerCase())) &&
    matchesSelector(app.metadata.labels ?? {}, filters.labels)
  );
}

/**
 * A Kubernetes equality-based label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`),
 * requirements separated by commas. Set-based selectors (`in`, `notin`) are
 * left to the server: this returns true for them.
 */
export function matchesSelector(
  labels: Readonly<Record<string, string>>,
  selector: string,
): boolean {
  for (const raw of selector.split(',')) {
    const requirement = raw.trim();
    if (!requirement) continue;
    if (/\s(in|notin)\s/.test(requirement)) continue;
    const match = /^(!?)([^=!\s]+)\s*(?:(==|=|!=)\s*(.*))?$/.exec(requirement);
    if (!match) continue;
    const [, negated, key = '', operator, value = ''] = match;
    const actual = labels[key];
    if (!operator) {
      if ((actual !== undefined) === (negated === '!')) return false;
    } else if (operator === '!=') {
      if (actual === value.trim()) return false;
    } else if (actual !== value.trim()) return false;
  }
  return true;
}

function unique(values: readonly string[]): readonly string[] {
  return [...new Set(values)];
}
