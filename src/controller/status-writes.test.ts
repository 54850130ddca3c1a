import { describe, expect, it } from 'vitest';
import type { ApplicationStatus } from '../apis/index.js';
import { ComparisonStatusWrites, type ComparisonStatus } from './status-writes.js';

const HEARTBEAT = 600_000;
const synced: ComparisonStatus = {
  sync: { status: 'Synced', revision: 'abc' },
  health: { status: 'Healthy', message: undefined },
  resources: [{ kind: 'ConfigMap', name: 'a', status: 'Synced' }],
};
/** The status as the informer shows it after the write (no undefined members, plus reconciledAt). */
const stored = (
  status: ComparisonStatus,
  reconciledAt = '2026-12-03T10:00:00Z',
): ApplicationStatus =>
  JSON.parse(JSON.stringify({ ...status, reconciledAt })) as ApplicationStatus;

/** Writes when asked to, as the reconciler does; returns whether it wrote. */
function pass(
  writes: ComparisonStatusWrites,
  current: ApplicationStatus | undefined,
  next: ComparisonStatus,
  now: number,
): boolean {
  const { write, print } = writes.check('shop', current, next, now);
  if (write) writes.recordWrite('shop', next, print, now);
  return write;
}

const deployment = (name: string, health: string, message?: string) => ({
  group: 'apps',
  kind: 'Deployment',
  name,
  status: 'Synced',
  health: message ? { status: health, message } : { status: health },
});
/** A rollout of two Deployments: `ready` of them available so far. */
const rollout = (ready: number, message = '0 of 1 updated replicas are available') => ({
  sync: { status: 'Synced', revision: 'abc' },
  health:
    ready === 2 ? { status: 'Healthy' } : { status: 'Progressing', message: `web: ${message}` },
  resources: [
    deployment('api', ready >= 1 ? 'Healthy' : 'Progressing', ready >= 1 ? undefined : message),
    deployment('web', ready >= 2 ? 'Healthy' : 'Progressing', ready >= 2 ? undefined : message),
  ],
  resourcesSummary: { healthy: ready, progressing: 2 - ready },
});

describe('ComparisonStatusWrites', () => {
  it('GIVEN an unchanged comparison THEN only the heartbeat writes it again', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    expect(pass(writes, undefined, synced, 0)).toBe(true);
    expect(pass(writes, stored(synced), synced, 180_000)).toBe(false);
    expect(pass(writes, stored(synced), synced, 360_000)).toBe(false);
    expect(pass(writes, stored(synced), synced, HEARTBEAT)).toBe(true);
    expect(pass(writes, stored(synced), synced, HEARTBEAT + 1)).toBe(false);
  });

  it('GIVEN a comparison that found something new THEN it is written at once', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    pass(writes, undefined, synced, 0);
    const outOfSync = { ...synced, sync: { status: 'OutOfSync', revision: 'abc' } };
    expect(pass(writes, stored(synced), outOfSync, 1_000)).toBe(true);
    const degraded = { ...outOfSync, health: { status: 'Degraded', message: 'crash loop' } };
    expect(pass(writes, stored(outOfSync), degraded, 2_000)).toBe(true);
  });

  it('GIVEN the informer copy does not show what was written THEN it is written again', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    pass(writes, undefined, synced, 0);
    // someone else (a user, another replica after failover) changed the status
    const edited = stored({ ...synced, sync: { status: 'Unknown' } });
    expect(pass(writes, edited, synced, 1_000)).toBe(true);
    // a copy that lags behind our own write
    expect(pass(writes, undefined, synced, 2_000)).toBe(true);
  });

  it('GIVEN a restarted controller or a forgotten app THEN the first comparison writes', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    expect(pass(writes, stored(synced), synced, 0)).toBe(true);
    writes.forget('shop');
    expect(pass(writes, stored(synced), synced, 1_000)).toBe(true);
  });

  it('GIVEN a rollout in progress WHEN only its resources progress THEN that is written once per interval, and its end at once', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    expect(pass(writes, undefined, rollout(0), 0)).toBe(true);
    // One of the two Deployments became available 1 s later: held back for 2 s.
    expect(writes.check('shop', stored(rollout(0)), rollout(1), 1_000)).toMatchObject({
      write: false,
      deferMs: 2_000,
    });
    expect(pass(writes, stored(rollout(0)), rollout(1, '1 of 3'), 2_000)).toBe(false);
    // The compare again after the interval writes the step that was held back.
    expect(pass(writes, stored(rollout(0)), rollout(1), 3_000)).toBe(true);
    // The application turning Healthy is written at once.
    expect(pass(writes, stored(rollout(1)), rollout(2), 3_100)).toBe(true);
  });

  it('GIVEN a rollout in progress WHEN its sync status or the set of resources changes THEN it is written at once', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    pass(writes, undefined, rollout(0), 0);
    const outOfSync = { ...rollout(1), sync: { status: 'OutOfSync', revision: 'abc' } };
    expect(pass(writes, stored(rollout(0)), outOfSync, 100)).toBe(true);
    const third = {
      ...outOfSync,
      resources: [...outOfSync.resources, deployment('db', 'Progressing')],
    };
    expect(pass(writes, stored(outOfSync), third, 200)).toBe(true);
    // Degraded is the application's health changing: at once.
    const degraded = { ...third, health: { status: 'Degraded', message: 'web: crash loop' } };
    expect(pass(writes, stored(third), degraded, 300)).toBe(true);
  });

  it('GIVEN the informer shows a status we did not write THEN a rollout step is written over it at once', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 3_000);
    pass(writes, undefined, rollout(0), 0);
    expect(
      pass(writes, stored({ ...rollout(0), sync: { status: 'Unknown' } }), rollout(1), 500),
    ).toBe(true);
  });

  it('GIVEN a progress interval of 0 THEN every step of a rollout is written', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT, 0);
    pass(writes, undefined, rollout(0), 0);
    expect(pass(writes, stored(rollout(0)), rollout(1), 1)).toBe(true);
  });

  it('GIVEN heartbeat 0 THEN every comparison writes, as Argo CD does', () => {
    const writes = new ComparisonStatusWrites(0, 0);
    expect(pass(writes, undefined, synced, 0)).toBe(true);
    expect(pass(writes, stored(synced), synced, 1)).toBe(true);
  });
});
