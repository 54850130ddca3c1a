import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { compareResource } from './compare.js';
import { maskSecrets } from './mask.js';
import { loadObjects } from './testing.js';

const [desired, live] = loadObjects('secrets.yaml') as [KubeObject, KubeObject];
const key = { group: '', kind: 'Secret', namespace: 'shop', name: 'db' };

describe('secret masking', () => {
  it('never shows a secret value, and shows which values changed', () => {
    // GIVEN a desired Secret (stringData) whose password differs from live and whose user does not
    const result = compareResource({ key, target: desired, live });
    // THEN the diff shows the password changing and the user unchanged, with masks only
    expect(result.status).toBe('OutOfSync');
    expect(result.diff).toContain(
      '-  password: "<masked value #1>"\n+  password: "<masked value #3>"\n',
    );
    expect(result.diff).toContain('   user: "<masked value #2>"\n');
    const everything = JSON.stringify(result);
    for (const secret of ['hunter2', 'aHVudGVyMg==', 'correct horse', 'admin', 'YWRtaW4=']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('gives equal values equal masks across the objects shown together', () => {
    const [a, b] = maskSecrets([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'a' },
        data: { x: 'c2FtZQ==', y: 'b3RoZXI=' },
      },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, data: { z: 'c2FtZQ==' } },
    ]);
    expect(a?.data).toEqual({ x: '<masked value #1>', y: '<masked value #2>' });
    expect(b?.data).toEqual({ z: '<masked value #1>' });
  });

  it('leaves other kinds alone', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { x: 'plain' },
    };
    expect(maskSecrets([cm])).toEqual([cm]);
  });
});
