import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import type { SyncResult } from '../sync/index.js';
import { fingerprintOf } from '../core/index.js';
import { AppliedVersions } from './applied-versions.js';

const desired: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop' },
  data: { level: 'info' },
};
const live = (resourceVersion: string): KubeObject => ({
  ...desired,
  metadata: { ...desired.metadata, resourceVersion },
});
const synced = (
  resourceVersion: string,
  dryRun = false,
): Pick<SyncResult, 'resources' | 'dryRun'> => ({
  dryRun,
  resources: [
    {
      key: { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings' },
      phase: 'Sync',
      wave: 0,
      action: 'apply',
      status: 'Synced',
      message: 'created',
      applied: { resourceVersion, fingerprint: fingerprintOf(desired) },
    },
  ],
});

describe('AppliedVersions', () => {
  it('GIVEN a sync applied an object THEN only that version of it, for the same desired object, counts as applied', () => {
    const applied = new AppliedVersions();
    applied.record('shop', synced('41'));
    expect(applied.isApplied('shop', desired, live('41'))).toBe(true);
    // someone (or a controller) wrote it since
    expect(applied.isApplied('shop', desired, live('42'))).toBe(false);
    // Git changed what we want
    const changed = { ...desired, data: { level: 'debug' } };
    expect(applied.isApplied('shop', changed, live('41'))).toBe(false);
    // another application
    expect(applied.isApplied('blog', desired, live('41'))).toBe(false);
    applied.forget('shop');
    expect(applied.isApplied('shop', desired, live('41'))).toBe(false);
  });

  it('GIVEN a dry run THEN nothing is recorded', () => {
    const applied = new AppliedVersions();
    applied.record('shop', synced('41', true));
    expect(applied.isApplied('shop', desired, live('41'))).toBe(false);
  });
});
