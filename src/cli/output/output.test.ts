import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Application } from '../../apis/index.js';
import type { ApplicationDiff, ResourceTree } from '../../service/index.js';
import {
  colorUnifiedDiff,
  countDifferences,
  formatApplication,
  formatApplicationDiff,
  formatApplicationList,
  formatData,
  formatDiffSummary,
  formatHistory,
  formatResourceTree,
  formatTable,
  painter,
  shouldColor,
} from './index.js';

const app: Application = {
  apiVersion: 'keelson.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop', namespace: 'keelson' },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example.com/shop.git', path: 'deploy', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    syncPolicy: { automated: { prune: true } },
  },
  status: {
    sync: { status: 'OutOfSync', revision: 'a'.repeat(40) },
    health: { status: 'Healthy' },
    conditions: [{ type: 'SyncError', message: 'boom' }],
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        status: 'Synced',
        health: { status: 'Healthy' },
      },
      {
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'old',
        status: 'OutOfSync',
        requiresPruning: true,
      },
    ],
    history: [
      {
        id: 1,
        revision: 'b'.repeat(40),
        source: { repoURL: 'https://git.example.com/shop.git', targetRevision: 'main' },
        deployedAt: '2025-01-01T00:00:00Z',
        initiatedBy: { username: 'alice' },
      },
      {
        id: 2,
        revision: 'a'.repeat(40),
        source: { repoURL: 'https://git.example.com/shop.git', targetRevision: 'main' },
        deployedAt: '2025-01-02T00:00:00Z',
        initiatedBy: { automated: true },
      },
    ],
  },
};

describe('formatTable', () => {
  it('aligns columns with three spaces and leaves no trailing blanks', () => {
    expect(
      formatTable([
        ['NAME', 'STATUS', 'X'],
        ['a-long-name', 'Synced', ''],
        ['b', 'OutOfSync', 'y'],
      ]),
    ).toBe(
      'NAME          STATUS      X\n' + 'a-long-name   Synced\n' + 'b             OutOfSync   y\n',
    );
  });
});

describe('formatData', () => {
  it('prints JSON and YAML with sorted keys that parse back to the same value', () => {
    const value = { b: 1, a: { d: [1, 2], c: 'x' } };
    const json = formatData(value, 'json');
    expect(json.indexOf('"a"')).toBeLessThan(json.indexOf('"b"'));
    expect(JSON.parse(json)).toEqual(value);
    expect(parse(formatData(value, 'yaml'))).toEqual(value);
  });
});

describe('colours', () => {
  it('are used on a terminal unless NO_COLOR is set, and always/never override', () => {
    expect(shouldColor('auto', { isTTY: true }, {})).toBe(true);
    expect(shouldColor('auto', { isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColor('auto', { isTTY: false }, {})).toBe(false);
    expect(shouldColor('always', { isTTY: false }, { NO_COLOR: '1' })).toBe(true);
    expect(shouldColor('never', { isTTY: true }, {})).toBe(false);
  });

  it('colour a diff: additions green, removals red, hunks cyan; nothing without colour', () => {
    const diff = '--- live/x\n+++ desired/x\n@@ -1 +1 @@\n-a: 1\n+a: 2\n b: 3';
    const coloured = colorUnifiedDiff(diff, painter(true));
    expect(coloured).toContain('\u001b[32m+a: 2\u001b[39m');
    expect(coloured).toContain('\u001b[31m-a: 1\u001b[39m');
    expect(coloured).toContain('\u001b[36m@@ -1 +1 @@\u001b[39m');
    expect(coloured).toContain('\n b: 3');
    expect(colorUnifiedDiff(diff, painter(false))).toBe(diff);
  });
});

describe('diff view', () => {
  const diff: ApplicationDiff = {
    application: 'shop',
    revision: 'local',
    status: 'OutOfSync',
    resources: [
      { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'same', status: 'Synced', diff: '' },
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        status: 'OutOfSync',
        diff: '--- live\n+++ desired\n@@ -1 +1 @@\n-replicas: 1\n+replicas: 2\n',
      },
      {
        group: '',
        kind: 'Service',
        namespace: 'shop',
        name: 'new',
        status: 'Missing',
        diff: '+kind: Service\n',
      },
      {
        group: '',
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'old',
        status: 'Extra',
        diff: '-kind: ConfigMap\n',
        requiresPruning: true,
      },
    ],
  };

  it('counts changed, added and to-be-pruned resources', () => {
    expect(formatDiffSummary(countDifferences(diff))).toBe(
      '3 resources differ: 1 changed, 1 added, 1 to prune\n',
    );
    expect(formatDiffSummary({ changed: 0, added: 1, toPrune: 0 })).toBe(
      '1 resource differs: 1 added\n',
    );
    expect(formatDiffSummary({ changed: 0, added: 0, toPrune: 0 })).toBe('no differences\n');
  });

  it('shows each differing resource under a header, leaving out those in sync', () => {
    const text = formatApplicationDiff(diff, painter(false));
    expect(text).toContain('===== apps/Deployment shop/web (changed) =====\n--- live');
    expect(text).toContain('===== Service shop/new (added) =====');
    expect(text).toContain('===== ConfigMap shop/old (to prune) =====\n-kind: ConfigMap');
    expect(text).not.toContain('same');
  });
});

describe('application views', () => {
  it('lists applications as a table, with source columns when wide', () => {
    const [header, row] = formatApplicationList([app], false).split('\n');
    expect(header?.split(/\s{3,}/)).toEqual([
      'NAME',
      'CLUSTER',
      'NAMESPACE',
      'PROJECT',
      'STATUS',
      'HEALTH',
      'SYNCPOLICY',
      'CONDITIONS',
    ]);
    expect(row?.split(/\s{3,}/)).toEqual([
      'shop',
      'https://kubernetes.default.svc',
      'shop',
      'default',
      'OutOfSync',
      'Healthy',
      'Auto-Prune',
      'SyncError',
    ]);
    expect(formatApplicationList([app], true).split('\n')[1]).toMatch(
      /https:\/\/git\.example\.com\/shop\.git\s+deploy\s+main$/,
    );
  });

  it('shows the summary, conditions and resources of app get', () => {
    const text = formatApplication(app, false);
    expect(text).toMatch(/^Name:\s+keelson\/shop$/m);
    expect(text).toMatch(/^Sync Policy:\s+Automated \(Prune\)$/m);
    expect(text).toMatch(/^Sync Status:\s+OutOfSync to main \(aaaaaaa\)$/m);
    expect(text).toMatch(/^SyncError\s+boom$/m);
    expect(text).toMatch(/^GROUP\s+KIND\s+NAMESPACE\s+NAME\s+STATUS\s+HEALTH$/m);
    expect(text).toMatch(/^apps\s+Deployment\s+shop\s+web\s+Synced\s+Healthy$/m);
    expect(text).toMatch(/^\s+ConfigMap\s+shop\s+old\s+OutOfSync \(prune\)$/m);
  });

  it('lists the history with who started each sync', () => {
    const rows = formatHistory(app)
      .trim()
      .split('\n')
      .map((l) => l.split(/\s{3,}/));
    expect(rows).toEqual([
      ['ID', 'DATE', 'REVISION', 'INITIATED-BY'],
      ['1', '2025-01-01T00:00:00Z', 'main (bbbbbbb)', 'alice'],
      ['2', '2025-01-02T00:00:00Z', 'main (aaaaaaa)', 'automated'],
    ]);
  });
});

describe('resource tree', () => {
  it('indents owned objects under their owner, sorted', () => {
    const tree: ResourceTree = {
      nodes: [
        {
          group: '',
          version: 'v1',
          kind: 'Pod',
          namespace: 'shop',
          name: 'web-1-a',
          uid: 'p1',
          parentUids: ['rs1'],
          health: { status: 'Healthy' },
        },
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          uid: 'd1',
          parentUids: [],
          status: 'Synced',
          health: { status: 'Healthy' },
        },
        {
          group: 'apps',
          version: 'v1',
          kind: 'ReplicaSet',
          namespace: 'shop',
          name: 'web-1',
          uid: 'rs1',
          parentUids: ['d1'],
        },
        {
          group: '',
          version: 'v1',
          kind: 'Pod',
          namespace: 'shop',
          name: 'web-1-b',
          uid: 'p2',
          parentUids: ['rs1'],
        },
        {
          group: '',
          version: 'v1',
          kind: 'Service',
          namespace: 'shop',
          name: 'web',
          uid: 's1',
          parentUids: [],
          status: 'OutOfSync',
        },
      ],
    };
    const lines = formatResourceTree(tree).split('\n');
    const width = lines[0]?.indexOf('NAMESPACE') ?? 0;
    const names = lines.map((l) => l.slice(0, width).trimEnd());
    expect(names).toEqual([
      'KIND/NAME',
      'Deployment.apps/web',
      '└─ ReplicaSet.apps/web-1',
      '   ├─ Pod/web-1-a',
      '   └─ Pod/web-1-b',
      'Service/web',
      '',
    ]);
  });
});
