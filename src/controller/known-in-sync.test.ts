import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { contentFingerprintOf, fingerprintOf } from '../core/index.js';
import type { SyncResult } from '../sync/index.js';
import { ignoreRulesFingerprint, KnownInSync } from './known-in-sync.js';

const desired: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 2 },
};
/** The object as the server holds it: our content plus bookkeeping and status. */
const live = (
  resourceVersion: string,
  extra: { status?: object; annotations?: Record<string, string>; replicas?: number } = {},
): KubeObject => ({
  ...desired,
  metadata: {
    ...desired.metadata,
    resourceVersion,
    uid: 'u-1',
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
  },
  spec: { replicas: extra.replicas ?? 2, strategy: { type: 'RollingUpdate' } },
  ...(extra.status ? { status: extra.status } : {}),
});
const NO_RULES = ignoreRulesFingerprint(undefined);
const synced = (
  result: KubeObject,
  dryRun = false,
  declared = desired,
): Pick<SyncResult, 'resources' | 'dryRun'> => ({
  dryRun,
  resources: [
    {
      key: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
      phase: 'Sync',
      wave: 0,
      action: 'apply',
      status: 'Synced',
      message: 'created',
      applied: {
        fingerprint: fingerprintOf(declared),
        liveFingerprint: contentFingerprintOf(result, declared),
      },
    },
  ],
});

describe('KnownInSync', () => {
  it('GIVEN a sync applied an object THEN it stays in sync while only its status changes', () => {
    const known = new KnownInSync();
    known.recordSync('shop', NO_RULES, synced(live('41')));
    const memo = known.memoFor('shop', NO_RULES);
    expect(memo.isInSync(desired, live('41'))).toBe(true);
    // a controller wrote the status: a new resourceVersion, the same content
    expect(memo.isInSync(desired, live('42', { status: { readyReplicas: 2 } }))).toBe(true);
    // someone changed a field Git sets
    expect(memo.isInSync(desired, live('43', { replicas: 5 }))).toBe(false);
    // Git changed what we want
    expect(memo.isInSync({ ...desired, spec: { replicas: 3 } }, live('41'))).toBe(false);
    // the app's ignore rules changed: a verdict under other rules is not trusted
    const rules = ignoreRulesFingerprint([
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec'] },
    ]);
    expect(known.memoFor('shop', rules).isInSync(desired, live('41'))).toBe(false);
    // another application
    expect(known.memoFor('blog', NO_RULES).isInSync(desired, live('41'))).toBe(false);
    known.forget('shop');
    expect(memo.isInSync(desired, live('41'))).toBe(false);
  });

  it('GIVEN a dry run found an object Synced THEN that content is trusted until it changes', () => {
    const known = new KnownInSync();
    const memo = known.memoFor('shop', NO_RULES);
    const annotated = live('50', { annotations: { 'deployment.kubernetes.io/revision': '1' } });
    expect(memo.isInSync(desired, annotated)).toBe(false);
    memo.remember(desired, annotated);
    expect(memo.isInSync(desired, { ...annotated, status: { replicas: 2 } })).toBe(true);
    // a later sync replaces what was known: resources it did not apply are dry-run again
    known.recordSync('shop', NO_RULES, { dryRun: false, resources: [] });
    expect(memo.isInSync(desired, annotated)).toBe(false);
  });

  it('GIVEN labels and annotations Git does not set THEN they never cost a dry run; those it sets, and our marks, do', () => {
    const declared: KubeObject = {
      ...desired,
      metadata: { ...desired.metadata, annotations: { team: 'a' } },
    };
    const applied = live('60', { annotations: { team: 'a', 'keelson.dev/tracking-id': 't' } });
    const known = new KnownInSync();
    known.recordSync('shop', NO_RULES, synced(applied, false, declared));
    const memo = known.memoFor('shop', NO_RULES);
    const annotations = (extra: Record<string, string>): KubeObject =>
      live('61', { annotations: { team: 'a', 'keelson.dev/tracking-id': 't', ...extra } });
    // the Deployment controller records its rollout revision
    expect(memo.isInSync(declared, annotations({ 'deployment.kubernetes.io/revision': '1' }))).toBe(
      true,
    );
    // someone changed the annotation Git sets
    expect(memo.isInSync(declared, annotations({ team: 'b' }))).toBe(false);
    // our tracking mark was removed
    expect(memo.isInSync(declared, live('62', { annotations: { team: 'a' } }))).toBe(false);
  });

  it('GIVEN a dry-run sync THEN nothing is recorded', () => {
    const known = new KnownInSync();
    known.recordSync('shop', NO_RULES, synced(live('41'), true));
    expect(known.memoFor('shop', NO_RULES).isInSync(desired, live('41'))).toBe(false);
  });
});
