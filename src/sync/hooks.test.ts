import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { hookDeletePolicies, hookPhases, syncWave } from './hooks.js';
import { compareKinds } from './kind-order.js';
import { defaultSyncOptions, resourceSyncOptions, syncOptionsFromList } from './options.js';

const job = (annotations: Record<string, string>): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'ns', annotations },
});

describe('hook and wave annotations', () => {
  it('reads several hook phases, ignoring Argo CD deletion hooks', () => {
    expect(hookPhases(job({ 'keelson.dev/hook': 'PreSync, PostSync' }))).toEqual([
      'PreSync',
      'PostSync',
    ]);
    expect(hookPhases(job({ 'argocd.argoproj.io/hook': 'SyncFail,PostDelete' }))).toEqual([
      'SyncFail',
    ]);
    expect(() => hookPhases(job({ 'keelson.dev/hook': 'Later' }))).toThrow(
      'Job/ns/j: unknown hook phase "Later"',
    );
  });

  it('prefers our annotation over the Argo CD alias', () => {
    const both = job({ 'argocd.argoproj.io/hook': 'PreSync', 'keelson.dev/hook': 'PostSync' });
    expect(hookPhases(both)).toEqual(['PostSync']);
    expect(
      hookDeletePolicies(
        job({
          'argocd.argoproj.io/hook-delete-policy': 'HookFailed',
          'keelson.dev/hook-delete-policy': 'HookSucceeded',
        }),
      ),
    ).toEqual(['HookSucceeded']);
    expect(
      syncWave(job({ 'argocd.argoproj.io/sync-wave': '-2', 'keelson.dev/sync-wave': '7' })),
    ).toBe(7);
  });

  it('defaults to wave 0 and the BeforeHookCreation policy', () => {
    expect(syncWave(job({}))).toBe(0);
    expect(syncWave(job({ 'argocd.argoproj.io/sync-wave': '-3' }))).toBe(-3);
    expect(hookDeletePolicies(job({}))).toEqual(['BeforeHookCreation']);
  });

  it('orders kinds: namespaces and CRDs first, workloads later, custom kinds last by name', () => {
    const kinds = [
      'Widget',
      'Deployment',
      'ConfigMap',
      'Namespace',
      'Apple',
      'CustomResourceDefinition',
      'ServiceAccount',
      'RoleBinding',
      'Service',
    ];
    expect(kinds.sort(compareKinds)).toEqual([
      'Namespace',
      'CustomResourceDefinition',
      'ServiceAccount',
      'ConfigMap',
      'RoleBinding',
      'Service',
      'Deployment',
      'Apple',
      'Widget',
    ]);
  });
});

describe('sync options', () => {
  it('reads application options written the Argo CD way', () => {
    expect(
      syncOptionsFromList([
        'CreateNamespace=true',
        'PruneLast=true',
        'PrunePropagationPolicy=background',
        'Validate=false',
      ]),
    ).toEqual({
      createNamespace: true,
      pruneLast: true,
      prunePropagationPolicy: 'background',
      validate: false,
    });
  });

  it('lets a resource override the application; Prune=false is read from the live object', () => {
    const app = { ...defaultSyncOptions('shop'), replace: true };
    const live = job({ 'argocd.argoproj.io/sync-options': 'Prune=false' });
    const target = job({
      'keelson.dev/sync-options': 'Replace=false,SkipDryRunOnMissingResource=true',
    });
    expect(resourceSyncOptions(target, live, app)).toEqual({
      prune: false,
      pruneLast: false,
      replace: false,
      force: false,
      validate: true,
      skipDryRunOnMissingResource: true,
    });
  });
});
