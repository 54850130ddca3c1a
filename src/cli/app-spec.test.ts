import { describe, expect, it } from 'vitest';
import {
  AppFlagsError,
  applicationFromFile,
  applicationFromFlags,
  patchFromFlags,
  type AppCreateFlags,
  type AppSetFlags,
} from './app-spec.js';

const none: AppCreateFlags = {
  syncOption: [],
  label: [],
  helmSet: [],
  helmSetString: [],
  values: [],
  kustomizeImage: [],
};

describe('app create flags', () => {
  it('describe an Application with source, destination, sync policy and labels', () => {
    const app = applicationFromFlags('shop', {
      ...none,
      repo: 'https://git.example.com/shop.git',
      path: 'deploy',
      revision: 'main',
      destServer: 'https://kubernetes.default.svc',
      destNamespace: 'shop',
      syncPolicy: 'automated',
      autoPrune: true,
      selfHeal: true,
      syncOption: ['CreateNamespace=true'],
      label: ['team=shop'],
    });
    expect(app).toEqual({
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop', labels: { team: 'shop' } },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://git.example.com/shop.git',
          path: 'deploy',
          targetRevision: 'main',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
        },
      },
    });
  });

  it('turn Helm flags into helm options', () => {
    const app = applicationFromFlags('chart', {
      ...none,
      repo: 'https://charts.example.com',
      chart: 'redis',
      revision: '1.2.3',
      destName: 'prod',
      destNamespace: 'cache',
      helmSet: ['replicas=2'],
      helmSetString: ['tag=1.0'],
      values: ['values-prod.yaml'],
    });
    expect(app.spec.destination).toEqual({ name: 'prod', namespace: 'cache' });
    expect(app.spec.source.helm).toEqual({
      valueFiles: ['values-prod.yaml'],
      parameters: [
        { name: 'replicas', value: '2' },
        { name: 'tag', value: '1.0', forceString: true },
      ],
    });
  });

  it('refuse missing or contradictory flags', () => {
    const base = { ...none, repo: 'r', destNamespace: 'ns' };
    expect(() => applicationFromFlags('a', { ...base })).toThrow(/exactly one of --dest-server/);
    expect(() => applicationFromFlags('a', { ...base, destServer: 's', destName: 'n' })).toThrow(
      AppFlagsError,
    );
    expect(() =>
      applicationFromFlags('a', { ...none, destServer: 's', destNamespace: 'ns' }),
    ).toThrow(/--repo/);
    expect(() => applicationFromFlags('a', { ...base, destServer: 's', autoPrune: true })).toThrow(
      /--sync-policy automated/,
    );
  });
});

describe('app create -f', () => {
  it('reads one Application, drops status and operation, and lets NAME override', () => {
    const yaml = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: guestbook}
spec:
  source: {repoURL: https://x, path: guestbook}
  destination: {server: https://kubernetes.default.svc, namespace: gb}
status: {sync: {status: Synced}}
operation: {sync: {}}
`;
    const app = applicationFromFile(yaml, 'app.yaml', 'renamed');
    expect(app.apiVersion).toBe('keelson.dev/v1alpha1');
    expect(app.metadata.name).toBe('renamed');
    expect(app).not.toHaveProperty('status');
    expect(app).not.toHaveProperty('operation');
  });

  it('names the file when it is not a single Application', () => {
    expect(() => applicationFromFile('kind: ConfigMap\n', 'cm.yaml')).toThrow(
      /cm\.yaml: not an Application/,
    );
    expect(() =>
      applicationFromFile(
        'kind: Application\nspec: {}\n---\nkind: Application\nspec: {}\n',
        'two.yaml',
      ),
    ).toThrow(/two\.yaml: expected exactly one/);
  });
});

describe('app set flags', () => {
  const none: AppSetFlags = { syncOption: [], label: [] };

  it('describe only what changes', () => {
    expect(
      patchFromFlags({ ...none, revision: 'v2', label: ['a=b', 'c-'], autoPrune: false }),
    ).toEqual({
      source: { targetRevision: 'v2' },
      labels: { a: 'b', c: null },
      prune: false,
    });
    expect(patchFromFlags({ ...none, syncPolicy: 'none', destNamespace: 'x' })).toEqual({
      automated: false,
      destination: { namespace: 'x' },
    });
  });

  it('refuse an empty change', () => {
    expect(() => patchFromFlags(none)).toThrow(/nothing to change/);
  });
});
