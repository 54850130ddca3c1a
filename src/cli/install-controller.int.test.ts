import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterConnection, getObject, refOf } from '../cluster/index.js';
import { isRecord, waitFor } from '../core/index.js';
import { controllerManifests, crdsToDelete } from '../install/index.js';
import { startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { runCliCaptured } from './testing.js';

const IMAGE = 'registry.local/keelson:test';
const SERVICE_ACCOUNT = 'system:serviceaccount:keelson:keelson-application-controller';

const keelson = runCliCaptured;

/** What `keelson install` prints for each controller object, with `action`. */
function controllerLines(action: string): string[] {
  return [
    'namespace/keelson',
    'serviceaccount/keelson-application-controller',
    'role.rbac.authorization.k8s.io/keelson-application-controller',
    'rolebinding.rbac.authorization.k8s.io/keelson-application-controller',
    'clusterrole.rbac.authorization.k8s.io/keelson-application-controller',
    'clusterrolebinding.rbac.authorization.k8s.io/keelson-application-controller',
    'deployment.apps/keelson-application-controller',
    'service/keelson-application-controller-metrics',
  ].map((object) => `${object} ${action}`);
}

interface Access {
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

describe('keelson install / uninstall of the controller', () => {
  let cluster: LocalCluster;
  let connection: ClusterConnection;
  const objects = controllerManifests({ image: IMAGE });

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'install', ephemeral: true });
    connection = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
  });

  /** Asks the API server whether the controller's ServiceAccount may do `access`. */
  async function can(access: Access): Promise<boolean> {
    const review = await connection.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: SERVICE_ACCOUNT,
          groups: [
            'system:serviceaccounts',
            'system:serviceaccounts:keelson',
            'system:authenticated',
          ],
          resourceAttributes: { group: '', ...access },
        },
      },
    });
    return isRecord(review) && isRecord(review.status) && review.status.allowed === true;
  }

  it('applies the CRDs, RBAC and the Deployment, which becomes Available', async () => {
    // WHEN Keelson is installed into an empty cluster
    const result = await keelson(
      'install',
      '--image',
      IMAGE,
      '--kubeconfig',
      cluster.kubeconfigPath,
    );
    // THEN it says what it created, object by object
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'customresourcedefinition.apiextensions.k8s.io/applications.keelson.dev created',
      'customresourcedefinition.apiextensions.k8s.io/appprojects.keelson.dev created',
      `Keelson CRDs are established on ${cluster.server}`,
    ]);
    expect(lines.slice(3, -1)).toEqual(controllerLines('created'));
    expect(lines.at(-1)).toContain('kubectl -n keelson rollout status');
    // AND every object is there, applied by the field manager `keelson`
    for (const obj of objects) {
      const live = await getObject(connection, refOf(obj));
      expect(
        live?.metadata.managedFields?.map((f) => (isRecord(f) ? f.manager : undefined)),
        obj.kind,
      ).toContain('keelson');
    }
    // AND the Deployment becomes Available. kwok simulates the pod: the
    // container does not really run (the image does not even exist), so this
    // proves the pod is admitted (ServiceAccount, Pod Security `restricted`)
    // and scheduled, not that the controller starts.
    const deployment = objects.find((o) => o.kind === 'Deployment');
    if (!deployment) throw new Error('no Deployment');
    await waitFor(
      async () => {
        const live = await getObject(connection, refOf(deployment));
        const status = live?.status as { conditions?: { type: string; status: string }[] };
        return status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True');
      },
      { what: 'the controller Deployment to be Available', timeoutMs: 60_000, intervalMs: 500 },
    );
  });

  it('lets the controller ServiceAccount do what it needs and nothing more', async () => {
    const ns = 'keelson';
    const kd = 'keelson.dev';
    const lease = { group: 'coordination.k8s.io', resource: 'leases', namespace: ns };
    const expected: [Access, boolean][] = [
      // its own namespace
      [{ verb: 'list', group: kd, resource: 'applications', namespace: ns }, true],
      [{ verb: 'watch', group: kd, resource: 'appprojects', namespace: ns }, true],
      [
        {
          verb: 'patch',
          group: kd,
          resource: 'applications',
          subresource: 'status',
          namespace: ns,
        },
        true,
      ],
      [{ verb: 'create', group: kd, resource: 'appprojects', namespace: ns }, true],
      [{ verb: 'delete', group: kd, resource: 'applications', namespace: ns }, false],
      [{ verb: 'list', resource: 'secrets', namespace: ns }, true],
      [{ verb: 'get', resource: 'secrets', namespace: ns, name: 'repo' }, true],
      [{ verb: 'delete', resource: 'secrets', namespace: ns, name: 'repo' }, false],
      [{ verb: 'update', resource: 'secrets', namespace: ns, name: 'repo' }, false],
      [{ verb: 'create', ...lease }, true],
      [{ verb: 'update', ...lease, name: 'keelson-application-controller' }, true],
      [{ verb: 'update', ...lease, name: 'someone-else' }, false],
      [{ verb: 'create', resource: 'events', namespace: ns }, true],
      // destinations in its own cluster
      [{ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' }, true],
      [{ verb: 'delete', group: 'batch', resource: 'jobs', namespace: 'shop' }, true],
      [{ verb: 'create', resource: 'namespaces' }, true],
      [{ verb: 'delete', resource: 'namespaces', name: 'keelson' }, false],
      [{ verb: 'list', group: 'example.com', resource: 'widgets' }, true],
      [{ verb: 'create', resource: 'secrets', namespace: 'shop' }, false],
      [{ verb: 'get', resource: 'secrets', namespace: 'shop', name: 'db' }, false],
      [
        { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
        false,
      ],
      [
        { verb: 'get', resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web' },
        false,
      ],
      [{ verb: 'get', resource: 'nodes', subresource: 'proxy', name: 'kwok-node' }, false],
    ];
    const actual = await Promise.all(expected.map(async ([access]) => [access, await can(access)]));
    expect(actual).toEqual(expected);
  });

  it('changes nothing the second time', async () => {
    const result = await keelson(
      'install',
      '--image',
      IMAGE,
      '--kubeconfig',
      cluster.kubeconfigPath,
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').slice(3, -1)).toEqual(controllerLines('unchanged'));
    expect(result.stdout).toContain('applications.keelson.dev unchanged\n');
  });

  it('uninstall --keep-crds removes the controller and keeps the CRDs and the namespace', async () => {
    const result = await keelson(
      'uninstall',
      '--keep-crds',
      '--kubeconfig',
      cluster.kubeconfigPath,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deployment.apps/keelson-application-controller deleted\n');
    expect(result.stdout).toContain('CRDs kept (--keep-crds)');
    for (const obj of objects) {
      const live = await getObject(connection, refOf(obj));
      if (obj.kind === 'Namespace') expect(live?.metadata.deletionTimestamp).toBeUndefined();
      else expect(live, `${obj.kind} should be gone`).toBeUndefined();
    }
    for (const crd of crdsToDelete()) expect(await getObject(connection, crd)).toBeDefined();
  });

  it('uninstall without --keep-crds warns loudly, then deletes the CRDs', async () => {
    const result = await keelson('uninstall', '--kubeconfig', cluster.kubeconfigPath);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^WARNING: deleting the Keelson CRDs deletes EVERY Application/);
    // the controller is gone already
    expect(result.stdout).toContain('deployment.apps/keelson-application-controller not found\n');
    expect(result.stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/applications.keelson.dev deleted\n',
    );
    await waitFor(
      async () =>
        (await Promise.all(crdsToDelete().map((crd) => getObject(connection, crd)))).every(
          (crd) => crd === undefined || crd.metadata.deletionTimestamp !== undefined,
        ),
      // Deleted, or being deleted: the API server finishes a CRD deletion on
      // its own (its cleanup finalizer first deletes every instance, retrying
      // with a growing backoff); on a loaded 2-core machine that has taken
      // from 30 s to over two minutes, and it is not Keelson's doing.
      { what: 'the CRDs to be deleted', timeoutMs: 60_000, intervalMs: 500 },
    );
  });
});
