import { describe, expect, it } from 'vitest';
import type { Application } from '../apis/index.js';
import { applyApplicationPatch } from './app-patch.js';
import { InvalidRequestError } from './errors.js';

const base: Application = {
  apiVersion: 'keelson.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', labels: { team: 'shop', tier: 'web' } },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example.com/apps.git', path: 'web', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    syncPolicy: { syncOptions: ['CreateNamespace=true'] },
  },
};

describe('applyApplicationPatch', () => {
  it('GIVEN source and destination changes THEN only those fields change', () => {
    const app = applyApplicationPatch(base, {
      source: { targetRevision: 'v2' },
      destination: { name: 'prod' },
      project: 'shop',
    });
    expect(app.spec.source).toEqual({ ...base.spec.source, targetRevision: 'v2' });
    expect(app.spec.destination).toEqual({ name: 'prod', namespace: 'shop' });
    expect(app.spec.project).toBe('shop');
    expect(base.spec.destination.server).toBe('https://kubernetes.default.svc'); // not mutated
  });

  it('GIVEN automated with prune and selfHeal THEN the policy is set, and false removes it', () => {
    const on = applyApplicationPatch(base, { automated: true, prune: true, selfHeal: true });
    expect(on.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    });
    const off = applyApplicationPatch(on, { automated: false, syncOptions: null });
    expect(off.spec.syncPolicy).toBeUndefined();
  });

  it('GIVEN prune without automated sync THEN a 400', () => {
    expect(() => applyApplicationPatch(base, { prune: true })).toThrow(InvalidRequestError);
  });

  it('GIVEN labels with null THEN that label is removed and others kept', () => {
    const app = applyApplicationPatch(base, { labels: { tier: null, env: 'prod' } });
    expect(app.metadata.labels).toEqual({ team: 'shop', env: 'prod' });
  });

  it('GIVEN a null source field THEN it is removed', () => {
    const app = applyApplicationPatch(base, {
      source: { targetRevision: null } as unknown as { targetRevision: string },
    });
    expect(app.spec.source.targetRevision).toBeUndefined();
  });
});
