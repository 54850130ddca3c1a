import { describe, expect, it } from 'vitest';
import type { Application } from '../apis/index.js';
import { decideAutoSync, selfHealDelay, type AutoSyncComparison } from './auto-sync.js';
import { reconcileConditions } from './conditions.js';
import { parseDuration, retryDelay } from './durations.js';
import { appendHistory } from './history.js';

const REV = 'a'.repeat(40);

function app(
  automated: NonNullable<NonNullable<Application['spec']['syncPolicy']>['automated']> | undefined,
): Application {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop', namespace: 'keelson' },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example/shop.git', path: 'deploy' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      syncPolicy: automated ? { automated } : undefined,
    },
  } as Application;
}

const outOfSync: AutoSyncComparison = {
  status: 'OutOfSync',
  revision: REV,
  sourceHash: 'h1',
  desiredCount: 3,
  onlyPruneNeeded: false,
};
const now = new Date('2026-11-21T12:00:00Z');
const noHeal = { attempts: 0 };

describe('decideAutoSync', () => {
  it('syncs an OutOfSync app to a new revision, pruning only when allowed', () => {
    expect(decideAutoSync(app({}), outOfSync, undefined, noHeal, now)).toMatchObject({
      sync: true,
      prune: false,
    });
    expect(decideAutoSync(app({ prune: true }), outOfSync, undefined, noHeal, now)).toMatchObject({
      sync: true,
      prune: true,
      selfHeal: false,
    });
  });

  it('does nothing without an automated policy, when synced, or while an operation runs', () => {
    expect(decideAutoSync(app(undefined), outOfSync, undefined, noHeal, now).sync).toBe(false);
    expect(
      decideAutoSync(app({}), { ...outOfSync, status: 'Synced' }, undefined, noHeal, now).sync,
    ).toBe(false);
    const busy = { ...app({}), operation: { sync: {} } } as Application;
    expect(decideAutoSync(busy, outOfSync, undefined, noHeal, now)).toMatchObject({
      sync: false,
      reason: 'an operation is already in progress',
    });
  });

  it('refuses to sync an empty render unless allowEmpty, and says why', () => {
    const empty = { ...outOfSync, desiredCount: 0 };
    const refused = decideAutoSync(app({ prune: true }), empty, undefined, noHeal, now);
    expect(refused.sync).toBe(false);
    expect(refused.sync === false && refused.warning).toMatch(/allowEmpty/);
    expect(
      decideAutoSync(app({ prune: true, allowEmpty: true }), empty, undefined, noHeal, now).sync,
    ).toBe(true);
  });

  it('does not repeat a failed automated sync of the same revision, but tries a new commit', () => {
    const failed = { revision: REV, sourceHash: 'h1', phase: 'Failed' };
    const again = decideAutoSync(app({}), outOfSync, failed, noHeal, now);
    expect(again.sync).toBe(false);
    expect(again.sync === false && again.warning).toMatch(/failed and is not repeated/);
    expect(
      decideAutoSync(app({}), { ...outOfSync, revision: 'b'.repeat(40) }, failed, noHeal, now).sync,
    ).toBe(true);
    expect(
      decideAutoSync(app({}), { ...outOfSync, sourceHash: 'h2' }, failed, noHeal, now).sync,
    ).toBe(true);
  });

  it('heals drift only with selfHeal, backing off between attempts', () => {
    const succeeded = { revision: REV, sourceHash: 'h1', phase: 'Succeeded' };
    expect(decideAutoSync(app({}), outOfSync, succeeded, noHeal, now)).toMatchObject({
      sync: false,
      reason: 'live state drifted; selfHeal is disabled',
    });
    expect(
      decideAutoSync(app({ selfHeal: true }), outOfSync, succeeded, noHeal, now),
    ).toMatchObject({
      sync: true,
      selfHeal: true,
    });
    const justTried = { attempts: 3, lastAttemptAt: new Date(now.getTime() - 1_000) };
    const waiting = decideAutoSync(app({ selfHeal: true }), outOfSync, succeeded, justTried, now);
    expect(waiting).toMatchObject({
      sync: false,
      reason: 'self-heal backing off',
      retryAfterMs: 7_000,
    });
    expect(selfHealDelay(1)).toBe(2_000);
    expect(selfHealDelay(20)).toBe(180_000);
  });

  it('does nothing when only pruning is needed and prune is off', () => {
    const pruneOnly = { ...outOfSync, onlyPruneNeeded: true };
    expect(decideAutoSync(app({}), pruneOnly, undefined, noHeal, now).sync).toBe(false);
    expect(decideAutoSync(app({ prune: true }), pruneOnly, undefined, noHeal, now).sync).toBe(true);
  });
});

describe('retry durations', () => {
  it('reads plain seconds and Go-style durations, rejecting nonsense', () => {
    expect(parseDuration('5')).toBe(5_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('soon')).toThrow('invalid duration "soon"');
    expect(() => parseDuration('5x')).toThrow(/invalid duration/);
  });

  it('backs off by the factor up to the maximum, with Argo CD defaults', () => {
    expect(retryDelay(undefined, 1)).toBe(5_000);
    expect(retryDelay(undefined, 2)).toBe(10_000);
    expect(retryDelay(undefined, 10)).toBe(180_000);
    expect(retryDelay({ duration: '1s', factor: 3, maxDuration: '10s' }, 3)).toBe(9_000);
  });
});

describe('history', () => {
  it('numbers syncs with growing ids and keeps the newest `limit`', () => {
    const entry = (rev: string) => ({
      revision: rev,
      source: { repoURL: 'https://git.example/shop.git' },
      deployedAt: '2026-11-21T12:00:00Z',
    });
    let h = appendHistory([], entry('r1'), 2);
    h = appendHistory(h, entry('r2'), 2);
    h = appendHistory(h, entry('r3'), 2);
    expect(h.map((x) => [x.id, x.revision])).toEqual([
      [1, 'r2'],
      [2, 'r3'],
    ]);
  });
});

describe('conditions', () => {
  it('keeps the transition time of an unchanged condition and drops resolved ones', () => {
    const t0 = new Date('2026-11-21T10:00:00Z');
    const t1 = new Date('2026-11-21T11:00:00Z');
    const first = reconcileConditions(
      [{ type: 'SomeoneElsesWarning', message: 'kept' }],
      new Map([
        ['ComparisonError', 'git unreachable'],
        ['SyncError', 'apply failed'],
      ]),
      ['ComparisonError', 'SyncError'],
      t0,
    );
    const second = reconcileConditions(
      first,
      new Map([['ComparisonError', 'git unreachable']]),
      ['ComparisonError', 'SyncError'],
      t1,
    );
    expect(second).toEqual([
      { type: 'ComparisonError', message: 'git unreachable', lastTransitionTime: t0.toISOString() },
      { type: 'SomeoneElsesWarning', message: 'kept' },
    ]);
  });
});
