import { describe, expect, it } from 'vitest';
import { manifestsToYaml } from './output.js';
import type { RenderedManifest } from './types.js';

describe('printing manifests', () => {
  it('prints the same bytes whatever the key order, with apiVersion/kind/metadata first and a source comment', () => {
    const a: RenderedManifest = {
      object: {
        metadata: { name: 'web', labels: { z: '1', a: '2' } },
        kind: 'ConfigMap',
        apiVersion: 'v1',
        data: { b: 'yes', a: '0644' },
      },
      origin: { type: 'directory', file: 'apps/web.yaml', document: 0 },
    };
    const b: RenderedManifest = {
      object: {
        apiVersion: 'v1',
        data: { a: '0644', b: 'yes' },
        kind: 'ConfigMap',
        metadata: { labels: { a: '2', z: '1' }, name: 'web' },
      },
      origin: { type: 'directory', file: 'apps/web.yaml', document: 0 },
    };
    expect(manifestsToYaml([a])).toBe(manifestsToYaml([b]));
    expect(manifestsToYaml([a])).toBe(
      [
        '---',
        '# Source: apps/web.yaml#0',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  labels:',
        '    a: "2"',
        '    z: "1"',
        '  name: web',
        'data:',
        '  a: "0644"',
        '  b: "yes"',
        '',
      ].join('\n'),
    );
  });
});
