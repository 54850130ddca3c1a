import { describe, expect, it } from 'vitest';
import type { Application } from '../apis/index.js';
import { queryApplications, sortByName } from './app-query.js';
import { InvalidRequestError } from './errors.js';

function app(
  name: string,
  extra: {
    project?: string;
    labels?: Record<string, string>;
    sync?: 'Synced' | 'OutOfSync';
    health?: 'Healthy' | 'Degraded';
    server?: string;
    cluster?: string;
    namespace?: string;
  } = {},
): Application {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, labels: extra.labels },
    spec: {
      project: extra.project ?? 'default',
      source: { repoURL: 'https://git.example.com/apps.git', path: name },
      destination: {
        ...(extra.cluster
          ? { name: extra.cluster }
          : { server: extra.server ?? 'https://kubernetes.default.svc' }),
        namespace: extra.namespace ?? 'default',
      },
    },
    ...(extra.sync || extra.health
      ? {
          status: {
            ...(extra.sync ? { sync: { status: extra.sync } } : {}),
            ...(extra.health ? { health: { status: extra.health } } : {}),
          },
        }
      : {}),
  };
}

const names = (list: { items: readonly Application[] }): string[] =>
  list.items.map((a) => a.metadata.name ?? '');

describe('queryApplications', () => {
  const apps = sortByName([
    app('web', { project: 'shop', labels: { team: 'shop' }, sync: 'Synced', health: 'Healthy' }),
    app('db', { project: 'shop', labels: { team: 'shop', tier: 'db' }, sync: 'OutOfSync' }),
    app('Api', { project: 'core', cluster: 'prod', namespace: 'api', health: 'Degraded' }),
    app('cache', { server: 'https://10.0.0.1:6443/', namespace: 'api' }),
  ]);

  it('GIVEN no query THEN every app, sorted by name, is returned', () => {
    const list = queryApplications(apps);
    expect(names(list)).toEqual(['Api', 'cache', 'db', 'web']);
    expect(list.total).toBe(4);
    expect(list.continue).toBeUndefined();
  });

  it('GIVEN filters THEN they combine with AND', () => {
    expect(names(queryApplications(apps, { projects: ['shop'] }))).toEqual(['db', 'web']);
    expect(names(queryApplications(apps, { selector: 'team=shop,tier!=db' }))).toEqual(['web']);
    expect(names(queryApplications(apps, { search: 'AP' }))).toEqual(['Api']);
    expect(names(queryApplications(apps, { sync: ['Unknown'] }))).toEqual(['Api', 'cache']);
    expect(names(queryApplications(apps, { health: ['Degraded'] }))).toEqual(['Api']);
    expect(names(queryApplications(apps, { cluster: 'prod' }))).toEqual(['Api']);
    expect(names(queryApplications(apps, { cluster: 'https://10.0.0.1:6443' }))).toEqual(['cache']);
    expect(names(queryApplications(apps, { cluster: 'in-cluster' }))).toEqual(['db', 'web']);
    expect(names(queryApplications(apps, { namespace: 'api', projects: ['default'] }))).toEqual([
      'cache',
    ]);
  });

  it('GIVEN a limit THEN pages follow each other through the continue token', () => {
    const first = queryApplications(apps, { limit: 3 });
    expect(names(first)).toEqual(['Api', 'cache', 'db']);
    expect(first.total).toBe(4);
    const second = queryApplications(apps, { limit: 3, continue: first.continue });
    expect(names(second)).toEqual(['web']);
    expect(second.continue).toBeUndefined();
  });

  it('GIVEN a visibility predicate THEN hidden apps are neither listed nor counted', () => {
    const list = queryApplications(apps, { limit: 1 }, (a) => a.spec.project === 'shop');
    expect(names(list)).toEqual(['db']);
    expect(list.total).toBe(2);
    expect(list.continue).toBeDefined();
  });

  it('GIVEN a bad limit or token THEN a 400', () => {
    expect(() => queryApplications(apps, { limit: -1 })).toThrow(InvalidRequestError);
    expect(() => queryApplications(apps, { continue: 'not a token!' })).toThrow(
      InvalidRequestError,
    );
    // Valid base64url that decodes to no object name (not a token we issued).
    expect(() => queryApplications(apps, { continue: 'x' })).toThrow(InvalidRequestError);
  });

  it('GIVEN 10,000 apps WHEN the first page is asked with filters THEN it takes well under 300 ms', () => {
    const many = sortByName(
      Array.from({ length: 10_000 }, (_, i) =>
        app(`app-${String(i).padStart(5, '0')}`, {
          labels: { team: i % 2 ? 'a' : 'b' },
          sync: i % 3 ? 'Synced' : 'OutOfSync',
        }),
      ),
    );
    const query = { limit: 100, selector: 'team=a', sync: ['Synced'] };
    queryApplications(many, query); // warm up (JIT); a server answers many requests
    const started = performance.now();
    const list = queryApplications(many, query);
    const elapsed = performance.now() - started;
    expect(list.items).toHaveLength(100);
    expect(list.total).toBe(3333);
    expect(elapsed).toBeLessThan(300); // the API server's budget; typically a few ms
  });
});
