import { describe, expect, it } from 'vitest';
import type { Application } from '../api/types.js';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  facetQueries,
  filtersFromSearch,
  filtersToSearch,
  matchesFilters,
  matchesSelector,
  toApiQuery,
  toggleValue,
} from './filters.js';

function app(overrides: {
  name?: string;
  project?: string;
  sync?: 'Synced' | 'OutOfSync';
  health?: 'Healthy' | 'Degraded';
  labels?: Record<string, string>;
  namespace?: string;
}): Application {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: overrides.name ?? 'web', labels: overrides.labels },
    spec: {
      project: overrides.project ?? 'default',
      source: { repoURL: 'https://git.example.com/deploy.git' },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: overrides.namespace ?? 'shop',
      },
    },
    status: {
      sync: { status: overrides.sync ?? 'Synced' },
      health: { status: overrides.health ?? 'Healthy' },
    },
  };
}

describe('application filters', () => {
  it('round-trips through the page URL, leaving empty filters out', () => {
    // GIVEN filters with lists and text
    const filters = {
      ...EMPTY_FILTERS,
      projects: ['shop', 'infra'],
      sync: ['OutOfSync'],
      namespace: ' prod ',
      search: 'web',
    };
    // WHEN written to a query string (keeping unrelated keys) and read back
    const params = filtersToSearch(filters, new URLSearchParams('view=table'));
    // THEN the URL is short and complete
    expect(params.toString()).toBe('view=table&proj=shop&proj=infra&sync=OutOfSync&ns=prod&q=web');
    expect(filtersFromSearch(params)).toEqual({ ...filters, namespace: 'prod' });
  });

  it('reads repeated and empty keys sensibly', () => {
    const filters = filtersFromSearch(new URLSearchParams('sync=Synced&sync=Synced&health=&q='));
    expect(filters.sync).toEqual(['Synced']);
    expect(filters.health).toEqual([]);
    expect(activeFilterCount(filters)).toBe(1);
  });

  it('becomes the API query with paging', () => {
    const filters = {
      ...EMPTY_FILTERS,
      projects: ['shop'],
      health: ['Degraded', 'Missing'],
      labels: 'team=shop',
      cluster: 'prod',
    };
    const query = toApiQuery(filters, { limit: 60, continue: 'abc' });
    expect(query.toString()).toBe(
      'project=shop&health=Degraded&health=Missing&cluster=prod&selector=team%3Dshop&limit=60&continue=abc',
    );
  });

  it('counts each status ignoring its own dimension but keeping the others', () => {
    const filters = { ...EMPTY_FILTERS, sync: ['OutOfSync'], projects: ['shop'] };
    const queries = facetQueries(filters);
    const healthy = queries.find((q) => q.dimension === 'health' && q.code === 'Healthy');
    const synced = queries.find((q) => q.dimension === 'sync' && q.code === 'Synced');
    expect(healthy?.query.getAll('sync')).toEqual(['OutOfSync']);
    expect(healthy?.query.getAll('health')).toEqual(['Healthy']);
    expect(synced?.query.getAll('sync')).toEqual(['Synced']);
    expect(synced?.query.get('project')).toBe('shop');
    expect(synced?.query.get('limit')).toBe('1');
    expect(queries).toHaveLength(9);
  });

  it('toggles values', () => {
    expect(toggleValue(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleValue(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('matches applications as the server does', () => {
    const degraded = app({ name: 'shop-web', health: 'Degraded', labels: { team: 'shop' } });
    expect(matchesFilters(degraded, EMPTY_FILTERS)).toBe(true);
    expect(matchesFilters(degraded, { ...EMPTY_FILTERS, health: ['Healthy'] })).toBe(false);
    expect(matchesFilters(degraded, { ...EMPTY_FILTERS, search: 'WEB' })).toBe(true);
    expect(matchesFilters(degraded, { ...EMPTY_FILTERS, projects: ['infra'] })).toBe(false);
    expect(matchesFilters(degraded, { ...EMPTY_FILTERS, namespace: 'shop' })).toBe(true);
    expect(
      matchesFilters(degraded, { ...EMPTY_FILTERS, cluster: 'https://kubernetes.default.svc' }),
    ).toBe(true);
    expect(matchesFilters(degraded, { ...EMPTY_FILTERS, labels: 'team!=shop' })).toBe(false);
  });

  it('understands equality-based label selectors', () => {
    const labels = { team: 'shop', tier: 'web' };
    expect(matchesSelector(labels, 'team=shop,tier==web')).toBe(true);
    expect(matchesSelector(labels, 'team=shop,tier!=web')).toBe(false);
    expect(matchesSelector(labels, 'team')).toBe(true);
    expect(matchesSelector(labels, '!team')).toBe(false);
    expect(matchesSelector(labels, '!owner')).toBe(true);
    expect(matchesSelector(labels, 'env in (prod)')).toBe(true); // left to the server
    expect(matchesSelector(labels, '')).toBe(true);
  });
});
