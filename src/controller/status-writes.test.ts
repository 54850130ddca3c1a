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
  if (write) writes.recordWrite('shop', print, now);
  return write;
}

describe('ComparisonStatusWrites', () => {
  it('GIVEN an unchanged comparison THEN only the heartbeat writes it again', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT);
    expect(pass(writes, undefined, synced, 0)).toBe(true);
    expect(pass(writes, stored(synced), synced, 180_000)).toBe(false);
    expect(pass(writes, stored(synced), synced, 360_000)).toBe(false);
    expect(pass(writes, stored(synced), synced, HEARTBEAT)).toBe(true);
    expect(pass(writes, stored(synced), synced, HEARTBEAT + 1)).toBe(false);
  });

  it('GIVEN a comparison that found something new THEN it is written at once', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT);
    pass(writes, undefined, synced, 0);
    const outOfSync = { ...synced, sync: { status: 'OutOfSync', revision: 'abc' } };
    expect(pass(writes, stored(synced), outOfSync, 1_000)).toBe(true);
    const degraded = { ...outOfSync, health: { status: 'Degraded', message: 'crash loop' } };
    expect(pass(writes, stored(outOfSync), degraded, 2_000)).toBe(true);
  });

  it('GIVEN the informer copy does not show what was written THEN it is written again', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT);
    pass(writes, undefined, synced, 0);
    // someone else (a user, another replica after failover) changed the status
    const edited = stored({ ...synced, sync: { status: 'Unknown' } });
    expect(pass(writes, edited, synced, 1_000)).toBe(true);
    // a copy that lags behind our own write
    expect(pass(writes, undefined, synced, 2_000)).toBe(true);
  });

  it('GIVEN a restarted controller or a forgotten app THEN the first comparison writes', () => {
    const writes = new ComparisonStatusWrites(HEARTBEAT);
    expect(pass(writes, stored(synced), synced, 0)).toBe(true);
    writes.forget('shop');
    expect(pass(writes, stored(synced), synced, 1_000)).toBe(true);
  });

  it('GIVEN heartbeat 0 THEN every comparison writes, as Argo CD does', () => {
    const writes = new ComparisonStatusWrites(0);
    expect(pass(writes, undefined, synced, 0)).toBe(true);
    expect(pass(writes, stored(synced), synced, 1)).toBe(true);
  });
});
