import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP, VERSION, kubeErrorMessage, statusCodeOf, type AppProject } from '../apis/index.js';
import { ClusterConnection, createObject } from '../cluster/index.js';
import { ensureDefaultProject } from '../project/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { runCliCaptured } from './testing.js';

const NAMESPACE = 'keelson';

const keelson = runCliCaptured;

/** An Application as Argo CD's documentation writes it, with only the apiVersion changed. */
function argoStyleApplication(name: string): Record<string, unknown> {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Application',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
        targetRevision: 'HEAD',
        path: 'guestbook',
        directory: { recurse: true, jsonnet: {} },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      },
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    },
  };
}

type AnyObject = Record<string, unknown> & { spec?: Record<string, unknown> };

describe('keelson install --crds-only, and the API server validating Keelson resources', () => {
  let cluster: LocalCluster;
  let kc: KubeConfig;
  let custom: CustomObjectsApi;
  const app = { group: GROUP, version: VERSION, namespace: NAMESPACE, plural: 'applications' };

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'crds', ephemeral: true });
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    custom = kc.makeApiClient(CustomObjectsApi);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NAMESPACE } } });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  /** Expects the API server to refuse a request; returns its message. */
  async function rejection(request: Promise<unknown>): Promise<string> {
    const err = await request.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, 'the API server accepted a request it should refuse').toBeDefined();
    expect(statusCodeOf(err)).toBe(422);
    return kubeErrorMessage(err);
  }

  it('applies the CRDs, waits until they are Established, and changes nothing the second time', async () => {
    // WHEN the CRDs are installed on a fresh cluster
    const first = await keelson('install', '--crds-only', '--kubeconfig', cluster.kubeconfigPath);
    // THEN it says what it created, and the API server serves both kinds
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'customresourcedefinition.apiextensions.k8s.io/applications.keelson.dev created\n' +
        'customresourcedefinition.apiextensions.k8s.io/appprojects.keelson.dev created\n' +
        `Keelson CRDs are established on ${cluster.server}\n`,
    );
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    for (const name of ['applications.keelson.dev', 'appprojects.keelson.dev']) {
      const crd = await ext.readCustomResourceDefinition({ name });
      const established = crd.status?.conditions?.find((c) => c.type === 'Established');
      expect(established?.status).toBe('True');
      expect(crd.metadata?.managedFields?.map((f) => f.manager)).toContain('keelson');
    }
    // AND running it again is a no-op
    const second = await keelson('install', '--crds-only', '--kubeconfig', cluster.kubeconfigPath);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('applications.keelson.dev unchanged\n');
    expect(second.stdout).toContain('appprojects.keelson.dev unchanged\n');
  });

  it('accepts an Argo CD Application whose apiVersion was changed, and fills in the defaults', async () => {
    // GIVEN an Argo CD Application, and one without a project using Helm values as an object
    await custom.createNamespacedCustomObject({ ...app, body: argoStyleApplication('guestbook') });
    const helmApp = argoStyleApplication('chart');
    const helmSpec = helmApp.spec as Record<string, unknown>;
    delete helmSpec.project;
    helmSpec.source = {
      repoURL: 'https://charts.example.com',
      chart: 'web',
      targetRevision: '1.2.*',
      helm: { valuesObject: { replicaCount: 2, ingress: { hosts: [{ host: 'a.example' }] } } },
    };
    await custom.createNamespacedCustomObject({ ...app, body: helmApp });

    // THEN both are stored as written, with the defaults applied by the API server
    const guestbook = (await custom.getNamespacedCustomObject({
      ...app,
      name: 'guestbook',
    })) as AnyObject;
    expect(guestbook.spec?.revisionHistoryLimit).toBe(10);
    const written = argoStyleApplication('guestbook').spec as Record<string, unknown>;
    expect(guestbook.spec).toEqual({ ...written, revisionHistoryLimit: 10 });
    const chart = (await custom.getNamespacedCustomObject({ ...app, name: 'chart' })) as AnyObject;
    expect(chart.spec?.project).toBe('default');
    expect((chart.spec?.source as { helm?: unknown }).helm).toEqual({
      valuesObject: { replicaCount: 2, ingress: { hosts: [{ host: 'a.example' }] } },
    });
  });

  it('rejects an Application with a wrong type or a missing field, with the API server saying why', async () => {
    const wrongType = argoStyleApplication('wrong-type');
    (
      wrongType.spec as { syncPolicy: { automated: { prune: unknown } } }
    ).syncPolicy.automated.prune = 'yes';
    expect(
      await rejection(custom.createNamespacedCustomObject({ ...app, body: wrongType })),
    ).toMatch(/spec\.syncPolicy\.automated\.prune.*must be of type boolean/);

    const noDestination = argoStyleApplication('no-destination');
    delete (noDestination.spec as Record<string, unknown>).destination;
    expect(
      await rejection(custom.createNamespacedCustomObject({ ...app, body: noDestination })),
    ).toMatch(/spec\.destination: Required value/);

    const both = argoStyleApplication('both');
    (both.spec as { destination: Record<string, string> }).destination.name = 'in-cluster';
    expect(await rejection(custom.createNamespacedCustomObject({ ...app, body: both }))).toContain(
      'spec.destination must set exactly one of server and name',
    );

    const jsonnet = argoStyleApplication('jsonnet');
    (jsonnet.spec as { source: { directory: unknown } }).source.directory = {
      jsonnet: { tlas: [{ name: 'env', value: 'prod' }] },
    };
    expect(
      await rejection(custom.createNamespacedCustomObject({ ...app, body: jsonnet })),
    ).toContain('Jsonnet is not supported by Keelson');

    const jq = argoStyleApplication('jq');
    (jq.spec as { ignoreDifferences: unknown[] }).ignoreDifferences = [
      { group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.replicas'] },
    ];
    expect(await rejection(custom.createNamespacedCustomObject({ ...app, body: jq }))).toContain(
      'jqPathExpressions are not supported by Keelson',
    );
  });

  it('lets status change only through the status subresource', async () => {
    const status = {
      sync: { status: 'Synced', revision: 'abc123' },
      health: { status: 'Healthy' },
      reconciledAt: '2025-01-31T12:00:00Z',
    };
    // GIVEN an Application created with a status in its body: the status is dropped
    const created = (await custom.createNamespacedCustomObject({
      ...app,
      body: { ...argoStyleApplication('status'), status },
    })) as AnyObject;
    expect(created.status).toBeUndefined();

    // WHEN status is written through the main resource THEN it is ignored
    const updated = (await custom.replaceNamespacedCustomObject({
      ...app,
      name: 'status',
      body: { ...created, status },
    })) as AnyObject;
    expect(updated.status).toBeUndefined();

    // WHEN it is written through /status THEN it is stored and validated
    const withStatus = (await custom.replaceNamespacedCustomObjectStatus({
      ...app,
      name: 'status',
      body: { ...updated, status },
    })) as AnyObject;
    expect(withStatus.status).toEqual(status);
    expect(
      await rejection(
        custom.replaceNamespacedCustomObjectStatus({
          ...app,
          name: 'status',
          body: { ...withStatus, status: { sync: { status: 'Fine' } } },
        }),
      ),
    ).toMatch(/status\.sync\.status: Unsupported value: "Fine"/);
  });

  it('creates the default AppProject once and leaves an edited one alone', async () => {
    // As the controller does it: Keelson's connection, whose errors carry `status`.
    const connection = ClusterConnection.fromKubeconfig(kc);
    const create = (project: AppProject) => createObject(connection, project);
    const project = { ...app, plural: 'appprojects', name: 'default' };
    expect(await ensureDefaultProject(create, NAMESPACE)).toBe('created');
    const stored = (await custom.getNamespacedCustomObject(project)) as AnyObject;
    expect(stored.spec).toMatchObject({
      sourceRepos: ['*'],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    });

    // GIVEN an administrator narrowed the default project
    await custom.replaceNamespacedCustomObject({
      ...project,
      body: { ...stored, spec: { ...stored.spec, sourceRepos: ['https://git.example.com/**'] } },
    });
    // WHEN it is ensured again THEN the narrowed project stays
    expect(await ensureDefaultProject(create, NAMESPACE)).toBe('exists');
    const after = (await custom.getNamespacedCustomObject(project)) as AnyObject;
    expect(after.spec?.sourceRepos).toEqual(['https://git.example.com/**']);
    connection.close();
  });
});
