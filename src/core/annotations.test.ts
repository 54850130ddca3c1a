import { describe, expect, it } from 'vitest';
import {
  annotationOf,
  hasObjectOption,
  isHookObject,
  objectOptions,
  parseOptionList,
} from './annotations.js';
import type { KubeObject } from './kube-object.js';

const withAnnotations = (annotations: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', annotations },
});

describe('annotations', () => {
  it('honours Argo CD annotations as aliases, ours winning when both are set', () => {
    const argoOnly = withAnnotations({ 'argocd.argoproj.io/sync-wave': '2' });
    const both = withAnnotations({
      'argocd.argoproj.io/sync-wave': '2',
      'keelson.dev/sync-wave': '5',
    });
    expect(annotationOf(argoOnly, 'syncWave')).toBe('2');
    expect(annotationOf(both, 'syncWave')).toBe('5');
    expect(annotationOf(undefined, 'hook')).toBeUndefined();
  });

  it('parses option lists, trimming spaces; a bare option means true', () => {
    expect([...parseOptionList(' Prune=false ,IgnoreExtraneous,, Replace = true')]).toEqual([
      ['Prune', 'false'],
      ['IgnoreExtraneous', 'true'],
      ['Replace', 'true'],
    ]);
  });

  it("merges sync options option by option, ours over Argo CD's", () => {
    const obj = withAnnotations({
      'argocd.argoproj.io/sync-options': 'Prune=false,Replace=true',
      'keelson.dev/sync-options': 'Replace=false',
    });
    expect(Object.fromEntries(objectOptions(obj, 'syncOptions'))).toEqual({
      Prune: 'false',
      Replace: 'false',
    });
    expect(hasObjectOption(obj, 'syncOptions', 'Prune', 'FALSE')).toBe(true);
  });

  it('recognises hooks by either annotation', () => {
    expect(isHookObject(withAnnotations({ 'argocd.argoproj.io/hook': 'PreSync' }))).toBe(true);
    expect(isHookObject(withAnnotations({ 'keelson.dev/hook': 'PostSync' }))).toBe(true);
    expect(isHookObject(withAnnotations({}))).toBe(false);
  });
});
