import { describe, expect, it } from 'vitest';
import { describeObject, type KubeObject } from '../core/index.js';
import { DuplicateResourceError, reconcile } from './reconcile.js';

const cm = (name: string, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop', annotations },
});

describe('reconcile', () => {
  it('pairs desired and live objects by key, hooks apart on both sides', () => {
    // GIVEN desired a, b and a hook; live b, c and an old hook
    const desired = [
      cm('b'),
      cm('a'),
      cm('migrate', { 'keelson.dev/hook': 'PreSync' }),
      cm('local', { 'argocd.argoproj.io/hook': 'Skip' }),
    ];
    const live = [cm('c'), cm('b'), cm('migrate-x1', { 'argocd.argoproj.io/hook': 'PreSync' })];
    // WHEN reconciled
    const rec = reconcile(desired, live);
    // THEN a is missing, b paired, c extra; the live hook is not extra; Skip is set apart
    expect(rec.pairs.map((p) => [describeObject(p.key), !!p.target, !!p.live])).toEqual([
      ['ConfigMap/shop/a', true, false],
      ['ConfigMap/shop/b', true, true],
      ['ConfigMap/shop/c', false, true],
    ]);
    expect(rec.hooks.map((h) => h.metadata.name)).toEqual(['migrate']);
    expect(rec.skipped.map((h) => h.metadata.name)).toEqual(['local']);
  });

  it('rejects an object declared twice, naming it', () => {
    expect(() => reconcile([cm('a'), cm('a')], [])).toThrow(DuplicateResourceError);
    expect(() => reconcile([cm('a'), cm('a')], [])).toThrow(
      'ConfigMap/shop/a: declared more than once',
    );
  });
});
