import { describe, expect, it } from 'vitest';
import { describeObject, type KubeObject } from '../core/index.js';
import { defaultSyncOptions, type SyncOptions } from './options.js';
import { planSync } from './plan.js';
import { compareOffline, loadObjects } from './testing.js';
import type { SyncPlan } from './types.js';

const app = 'shop';
const desired = loadObjects('shop.yaml');
const extra = loadObjects('live-extra.yaml');

function plan(
  d: readonly KubeObject[],
  live: readonly KubeObject[],
  options: Partial<SyncOptions> = {},
): SyncPlan {
  const opts = { ...defaultSyncOptions(app), ...options };
  return planSync({ desired: d, live, comparison: compareOffline(d, live, app) }, opts);
}

/** `phase/wave action Kind/ns/name` lines: what a user reads in the plan. */
function lines(p: SyncPlan): string[] {
  return p.tasks.map((t) => `${t.phase}/${t.wave} ${t.action} ${describeObject(t.key)}`);
}

describe('planSync', () => {
  it('orders by phase, then wave, then kind, pulling the namespace and the CRD forward to their first dependents', () => {
    // GIVEN the shop application: a Namespace at wave 3 and a CRD at wave 2
    // whose dependents are at waves 0 and 1, hooks in three phases
    // WHEN it is planned against an empty cluster
    const p = plan(desired, []);
    // THEN the order is phase → wave → kind → namespace → name
    expect(p.errors).toEqual([]);
    expect(lines(p)).toEqual([
      'PreSync/0 apply Namespace/shop',
      'PreSync/0 hook Job/shop/migrate-',
      'Sync/0 apply CustomResourceDefinition/widgets.example.com',
      'Sync/0 apply ServiceAccount/shop/web',
      'Sync/0 apply Widget/shop/gadget',
      'Sync/1 apply ConfigMap/shop/web-config',
      'Sync/1 apply Service/shop/web',
      'Sync/1 apply Deployment/shop/web',
      'PostSync/0 hook Job/shop/smoke-test',
      'SyncFail/0 hook ConfigMap/shop/alert',
    ]);
  });

  it('reads hook delete policies, with BeforeHookCreation as the default', () => {
    const p = plan(desired, []);
    const policies = Object.fromEntries(
      p.tasks.filter((t) => t.action === 'hook').map((t) => [t.key.name, t.deletePolicies]),
    );
    expect(policies).toEqual({
      'migrate-': ['HookSucceeded'],
      'smoke-test': ['HookSucceeded', 'HookFailed'],
      alert: ['BeforeHookCreation'],
    });
  });

  it('leaves Extra objects alone when pruning is off, and says so', () => {
    // GIVEN live objects the desired state no longer has
    // WHEN planned without prune
    const p = plan(desired, extra);
    // THEN each is a no-op with the reason, and the live hook is not Extra
    const extras = p.tasks.filter((t) => t.diffStatus === 'Extra');
    expect(extras.map((t) => [t.key.name, t.planned?.status, t.planned?.message])).toEqual([
      ['keep-me', 'PruneSkipped', 'not pruned: pruning is off'],
      ['last-one', 'PruneSkipped', 'not pruned: pruning is off'],
      ['old-config', 'PruneSkipped', 'not pruned: pruning is off'],
      ['old-worker', 'PruneSkipped', 'not pruned: pruning is off'],
    ]);
  });

  it('prunes in reverse wave order, PruneLast after the last wave, never Prune=false', () => {
    // GIVEN Extra objects at waves 1 and 5, one PruneLast, one Prune=false
    // WHEN planned with prune
    const p = plan(desired, extra, { prune: true });
    // THEN waves 1 and 5 swap, PruneLast goes after wave 1 (the last sync wave), Prune=false is skipped
    const prunes = p.tasks
      .filter((t) => t.diffStatus === 'Extra')
      .map(
        (t) => `${t.wave} ${t.action} ${t.key.name}${t.planned ? ` (${t.planned.message})` : ''}`,
      );
    expect(prunes).toEqual([
      '0 none keep-me (not pruned: Prune=false)',
      '1 prune old-worker',
      '5 prune old-config',
      '6 prune last-one',
    ]);
    // AND within a wave prunes come before applies
    const wave1 = p.tasks.filter((t) => t.phase === 'Sync' && t.wave === 1).map((t) => t.action);
    expect(wave1[0]).toBe('prune');
  });

  it('refuses to prune everything when the desired state is empty, unless allowEmpty', () => {
    const refused = plan([], extra, { prune: true });
    expect(refused.errors).toEqual([
      'refusing to prune all 3 resources: the desired state is empty (set allowEmpty to allow it)',
    ]);
    expect(refused.tasks.filter((t) => t.action === 'prune')).toEqual([]);
    const allowed = plan([], extra, { prune: true, allowEmpty: true });
    expect(allowed.errors).toEqual([]);
    expect(allowed.tasks.filter((t) => t.action === 'prune')).toHaveLength(3);
  });

  it('syncs only the named resources in a selective sync, and runs no hooks', () => {
    const p = plan(desired, extra, {
      prune: true,
      resources: [
        { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
        { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'old-config' },
      ],
    });
    expect(lines(p)).toEqual([
      'Sync/1 prune ConfigMap/shop/old-config',
      'Sync/1 apply Deployment/shop/web',
    ]);
  });

  it('skips resources already in sync with ApplyOutOfSyncOnly', () => {
    // GIVEN the live ConfigMap equals the desired one
    const cm = desired.find((o) => o.metadata.name === 'web-config') as KubeObject;
    const live = [
      {
        ...cm,
        metadata: {
          ...cm.metadata,
          labels: { 'keelson.dev/app': app },
          annotations: {
            ...cm.metadata.annotations,
            'keelson.dev/tracking-id': 'shop:/ConfigMap:shop/web-config',
          },
        },
      },
    ];
    const p = plan(desired, live, { applyOutOfSyncOnly: true });
    const task = p.tasks.find((t) => t.key.name === 'web-config');
    expect(task?.action).toBe('none');
    expect(task?.planned).toEqual({
      status: 'Synced',
      message: 'already in sync (ApplyOutOfSyncOnly)',
    });
  });

  it('reports unreadable annotations as plan errors naming the object', () => {
    const bad: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'shop', annotations: { 'keelson.dev/sync-wave': 'soon' } },
    };
    const hook: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', annotations: { 'keelson.dev/hook': 'PreSnyc' } },
    };
    expect(plan([bad, hook], []).errors).toEqual([
      'ConfigMap/shop/x: sync wave "soon" is not an integer',
      'Pod/shop/p: unknown hook phase "PreSnyc"',
    ]);
  });

  it("reads per-resource sync options, ours over Argo CD's", () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'x',
        namespace: 'shop',
        annotations: {
          'argocd.argoproj.io/sync-options': 'Replace=true,Validate=false',
          'keelson.dev/sync-options': 'Replace=false, Force=true',
        },
      },
    };
    const [task] = plan([cm], []).tasks;
    // Replace=false (ours) wins, but Validate=false (Argo CD's, not overridden) writes with create/update
    expect(task).toMatchObject({ action: 'replace', force: true, validate: false });
  });
});
