import { describe, expect, it } from 'vitest';
import { refOf } from '../cluster/index.js';
import { isRecord, type KubeObject } from '../core/index.js';
import { kubectlName } from './apply.js';
import {
  InstallOptionsError,
  controllerManifests,
  controllerObjectsToDelete,
  crdsToDelete,
} from './manifests.js';
import { defaultControllerImage } from './names.js';
import type { PolicyRule } from './rbac.js';

const IMAGE = defaultControllerImage('0.1.0');

function find(objects: readonly KubeObject[], kind: string): KubeObject {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind} among ${objects.map((o) => o.kind).join(', ')}`);
  return found;
}

function rulesOf(obj: KubeObject): PolicyRule[] {
  return obj.rules as PolicyRule[];
}

/** The verbs `rules` grant on `group`/`resource` (names ignored), as RBAC matches them. */
function verbsOn(rules: readonly PolicyRule[], group: string, resource: string): string[] {
  const verbs = rules
    .filter((r) => r.apiGroups.some((g) => g === group || g === '*'))
    .filter((r) => r.resources.some((x) => x === resource || x === '*'))
    .flatMap((r) => r.verbs);
  return [...new Set(verbs)].sort();
}

interface Container {
  readonly args: string[];
  readonly command: string[];
  readonly image: string;
  readonly ports: { name: string; containerPort: number }[];
  readonly livenessProbe: unknown;
  readonly readinessProbe: unknown;
  readonly resources: { requests?: unknown; limits?: unknown };
  readonly securityContext: unknown;
  readonly volumeMounts: { name: string; mountPath: string }[];
}

function podSpecOf(deployment: KubeObject): Record<string, unknown> {
  const spec = deployment.spec as { template: { spec: Record<string, unknown> } };
  return spec.template.spec;
}

describe('controllerManifests', () => {
  const objects = controllerManifests({ image: IMAGE });

  it('lists the objects in apply order, in the keelson namespace by default', () => {
    expect(objects.map((o) => kubectlName(refOf(o)))).toEqual([
      'namespace/keelson',
      'serviceaccount/keelson-application-controller',
      'role.rbac.authorization.k8s.io/keelson-application-controller',
      'rolebinding.rbac.authorization.k8s.io/keelson-application-controller',
      'clusterrole.rbac.authorization.k8s.io/keelson-application-controller',
      'clusterrolebinding.rbac.authorization.k8s.io/keelson-application-controller',
      'deployment.apps/keelson-application-controller',
      'service/keelson-application-controller-metrics',
    ]);
    for (const o of objects.filter(
      (o) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind),
    ))
      expect(o.metadata.namespace, o.kind).toBe('keelson');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(controllerManifests({ image: IMAGE }))).toBe(JSON.stringify(objects));
  });

  it('gives the namespaced Role no wildcard, and read-only Secrets', () => {
    const rules = rulesOf(find(objects, 'Role'));
    for (const rule of rules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
    }
    expect(verbsOn(rules, '', 'secrets')).toEqual(['get', 'list', 'watch']);
    expect(verbsOn(rules, 'keelson.dev', 'applications')).toEqual([
      'get',
      'list',
      'patch',
      'watch',
    ]);
    expect(verbsOn(rules, 'keelson.dev', 'applications/status')).toEqual(['get', 'patch']);
    expect(verbsOn(rules, 'keelson.dev', 'appprojects')).toEqual([
      'create',
      'get',
      'list',
      'watch',
    ]);
    // Leases: create cannot be name-scoped; get and update are, to the controller's Lease
    const leaseRules = rules.filter((r) => r.resources.includes('leases'));
    expect(leaseRules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        resourceNames: ['keelson-application-controller'],
        verbs: ['get', 'update'],
      },
    ]);
    expect(rules.flatMap((r) => r.verbs)).not.toContain('delete');
  });

  it('binds both roles to the controller ServiceAccount', () => {
    const subject = {
      kind: 'ServiceAccount',
      name: 'keelson-application-controller',
      namespace: 'keelson',
    };
    expect(find(objects, 'RoleBinding').subjects).toEqual([subject]);
    expect(find(objects, 'RoleBinding').roleRef).toMatchObject({ kind: 'Role' });
    expect(find(objects, 'ClusterRoleBinding').subjects).toEqual([subject]);
    expect(find(objects, 'ClusterRoleBinding').roleRef).toMatchObject({
      kind: 'ClusterRole',
      name: 'keelson-application-controller',
    });
  });

  it('limits the ClusterRole to watching everything and managing workloads, never writing Secrets or RBAC', () => {
    const rules = rulesOf(find(objects, 'ClusterRole'));
    expect(verbsOn(rules, 'apps', 'deployments')).toEqual([
      'create',
      'delete',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    expect(verbsOn(rules, '', 'secrets')).toEqual(['list', 'watch']);
    expect(verbsOn(rules, 'rbac.authorization.k8s.io', 'clusterroles')).toEqual(['list', 'watch']);
    expect(verbsOn(rules, '', 'namespaces')).not.toContain('delete');
    // No `get` through the wildcard: it would reach pods/exec, pods/log and nodes/proxy.
    expect(verbsOn(rules, '', 'nodes/proxy')).toEqual(['list', 'watch']);
    for (const rule of rules) expect(rule.verbs).not.toContain('*');
  });

  it('runs `keelson controller` as a non-root user on a read-only filesystem with probes on the metrics port', () => {
    const deployment = find(objects, 'Deployment');
    expect((deployment.spec as { replicas: number }).replicas).toBe(1);
    const pod = podSpecOf(deployment);
    expect(pod.serviceAccountName).toBe('keelson-application-controller');
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const [container] = pod.containers as Container[];
    expect(container?.image).toBe('ghcr.io/keelson-dev/keelson:0.1.0');
    expect([...(container?.command ?? []), ...(container?.args ?? [])].join(' ')).toMatch(
      /^keelson controller --namespace keelson --metrics-addr 0\.0\.0\.0:8082 /,
    );
    expect(container?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container?.ports).toEqual([{ name: 'metrics', containerPort: 8082, protocol: 'TCP' }]);
    expect(container?.livenessProbe).toMatchObject({
      httpGet: { path: '/healthz', port: 'metrics' },
    });
    expect(container?.readinessProbe).toMatchObject({
      httpGet: { path: '/readyz', port: 'metrics' },
    });
    expect(container?.resources.requests).toBeDefined();
    // Node sizes its heap from the memory limit (the benchmark runs under the same one)
    expect(container?.resources.limits).toEqual({ cpu: '1', memory: '1024Mi' });
    // The only writable places are emptyDirs: the cache, and /tmp for helm and kustomize
    expect(container?.volumeMounts).toEqual([
      { name: 'cache', mountPath: '/home/keelson/.cache' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    const volumes = pod.volumes as { name: string; emptyDir?: unknown }[];
    expect(volumes.every((v) => isRecord(v.emptyDir))).toBe(true);
  });

  it('serves metrics through a Service that selects the controller pods', () => {
    const service = find(objects, 'Service');
    const deployment = find(objects, 'Deployment');
    const spec = service.spec as { selector: unknown; ports: unknown };
    expect(spec.selector).toEqual(
      (deployment.spec as { selector: { matchLabels: unknown } }).selector.matchLabels,
    );
    expect(spec.ports).toEqual([
      { name: 'metrics', port: 8082, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  it('follows --namespace, --image, replicas and --memory-limit everywhere, with cluster-wide names of their own', () => {
    const other = controllerManifests({
      namespace: 'gitops',
      image: 'registry.local/k:dev',
      replicas: 2,
      memoryLimitMib: 3072,
    });
    expect(find(other, 'Namespace').metadata.name).toBe('gitops');
    expect(find(other, 'ClusterRole').metadata.name).toBe('keelson-application-controller-gitops');
    expect(find(other, 'ClusterRoleBinding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'keelson-application-controller', namespace: 'gitops' },
    ]);
    const deployment = find(other, 'Deployment');
    expect((deployment.spec as { replicas: number }).replicas).toBe(2);
    const [container] = podSpecOf(deployment).containers as Container[];
    expect(container?.image).toBe('registry.local/k:dev');
    expect(container?.args.slice(0, 3)).toEqual(['controller', '--namespace', 'gitops']);
    expect(container?.resources.limits).toMatchObject({ memory: '3072Mi' });
  });

  it('refuses a namespace that is not its own, and bad options, naming them', () => {
    for (const namespace of ['default', 'kube-system', 'Keelson', ''])
      expect(() => controllerManifests({ namespace, image: IMAGE }), namespace).toThrow(
        InstallOptionsError,
      );
    expect(() => controllerManifests({ image: ' ' })).toThrow(/image/);
    expect(() => controllerManifests({ image: IMAGE, replicas: 0 })).toThrow(/replicas/);
    for (const memoryLimitMib of [128, 1.5, Number.NaN])
      expect(() => controllerManifests({ image: IMAGE, memoryLimitMib })).toThrow(
        /memory limit: expected a whole number of MiB >= 256/,
      );
  });

  it('deletes in reverse order, keeping the Namespace, and the CRDs separately', () => {
    expect(controllerObjectsToDelete('keelson').map(kubectlName)).toEqual([
      'service/keelson-application-controller-metrics',
      'deployment.apps/keelson-application-controller',
      'clusterrolebinding.rbac.authorization.k8s.io/keelson-application-controller',
      'clusterrole.rbac.authorization.k8s.io/keelson-application-controller',
      'rolebinding.rbac.authorization.k8s.io/keelson-application-controller',
      'role.rbac.authorization.k8s.io/keelson-application-controller',
      'serviceaccount/keelson-application-controller',
    ]);
    expect(crdsToDelete().map(kubectlName)).toEqual([
      'customresourcedefinition.apiextensions.k8s.io/applications.keelson.dev',
      'customresourcedefinition.apiextensions.k8s.io/appprojects.keelson.dev',
    ]);
  });
});
