import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { HealthStatus } from '../health/index.js';
import { projectOf, revisionHistoryLimitOf, type Application } from './application.js';
import type { ApplicationHealthStatus } from './status.js';
import {
  InvalidResourceError,
  isAppProject,
  isApplication,
  parseAppProject,
  parseApplication,
} from './validate.js';

const guestbook = (): Record<string, unknown> =>
  parse(readFileSync(new URL('testdata/guestbook-argocd.yaml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('parseApplication', () => {
  it('accepts an Argo CD Application with only apiVersion changed, and fills in the defaults', () => {
    const app = parseApplication(guestbook());
    expect(app.spec.project).toBe('default');
    expect(app.spec.revisionHistoryLimit).toBe(10);
    expect(app.spec.syncPolicy?.automated?.selfHeal).toBe(true);
    expect(projectOf(app)).toBe('default');
    expect(revisionHistoryLimitOf(app)).toBe(10);
  });

  it('leaves its input untouched', () => {
    const input = guestbook();
    parseApplication(input);
    expect((input.spec as Record<string, unknown>).project).toBeUndefined();
  });

  it('names the object and every wrong field', () => {
    const input = guestbook();
    const spec = input.spec as Record<string, unknown> & {
      syncPolicy: { automated: Record<string, unknown> };
    };
    spec.syncPolicy.automated.prune = 'yes';
    delete spec.destination;
    const error = (() => {
      try {
        parseApplication(input);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(InvalidResourceError);
    expect((error as InvalidResourceError).message).toMatch(
      /^Application\/keelson\/guestbook: invalid: /,
    );
    expect((error as InvalidResourceError).problems).toEqual([
      'spec.destination: Expected required property',
      'spec.syncPolicy.automated.prune: Expected boolean',
    ]);
  });

  it('checks status values and timestamps too', () => {
    const app = { ...guestbook(), status: { sync: { status: 'Fine' }, reconciledAt: 'yesterday' } };
    expect(() => parseApplication(app)).toThrow(/status\.sync\.status: .*status\.reconciledAt: /);
    expect(
      isApplication({ ...guestbook(), status: { reconciledAt: '2025-01-31T12:00:00Z' } }),
    ).toBe(true);
  });

  it('treats an empty project as Argo CD does: the default project', () => {
    const app = parseApplication(guestbook());
    const blank: Application = { ...app, spec: { ...app.spec, project: '' } };
    expect(projectOf(blank)).toBe('default');
  });

  it('gives status health the type src/health uses', () => {
    const health: ApplicationHealthStatus = {
      status: 'Degraded',
      message: '0 of 3 replicas available',
    };
    const asHealth: HealthStatus = health;
    expect(asHealth.status).toBe('Degraded');
  });
});

describe('parseAppProject', () => {
  it('accepts an Argo CD AppProject and rejects a malformed one', () => {
    const project = {
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'team-a', namespace: 'keelson' },
      spec: {
        sourceRepos: ['https://github.com/team-a/*'],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'team-a-*' }],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      },
    };
    expect(isAppProject(project)).toBe(true);
    expect(parseAppProject(project)).toEqual(project);
    expect(() =>
      parseAppProject({ ...project, spec: { clusterResourceWhitelist: [{ kind: 'Namespace' }] } }),
    ).toThrow(
      'AppProject/keelson/team-a: invalid: spec.clusterResourceWhitelist.0.group: Expected required property',
    );
  });
});
