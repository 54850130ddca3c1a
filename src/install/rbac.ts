/**
 * The controller's RBAC, least privilege:
 *
 * - a **Role** in the Keelson namespace for the controller's own objects
 *   (Applications, AppProjects, credential Secrets, its Lease, Events): exactly
 *   the verbs the code uses, no wildcard;
 * - a **ClusterRole** for the destination resources in its own cluster. It is
 *   the one broad grant; see {@link destinationClusterRole} for why and how to
 *   narrow it.
 */
import { GROUP } from '../apis/index.js';
import type { KubeObject } from '../core/index.js';
import { CONTROLLER_NAME, clusterScopedName, installLabels } from './names.js';

/** One RBAC rule (`rbac.authorization.k8s.io/v1` PolicyRule). */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/**
 * What the controller does in its own namespace (src/controller), rule by rule.
 * The integration test asks the API server (SubjectAccessReview) about each.
 */
export function controllerRules(): PolicyRule[] {
  return [
    // The informer lists and watches Applications; reconcile merge-patches
    // their `operation` and metadata (refresh annotation, finalizers). The
    // controller never creates, replaces or deletes one.
    { apiGroups: [GROUP], resources: ['applications'], verbs: ['get', 'list', 'patch', 'watch'] },
    // Status is written only through the status subresource, by JSON/merge patch.
    { apiGroups: [GROUP], resources: ['applications/status'], verbs: ['get', 'patch'] },
    // What the OwnerReferencesPermissionEnforcement admission plugin checks
    // before an object may block an Application's deletion, as in Argo CD's role.
    { apiGroups: [GROUP], resources: ['applications/finalizers'], verbs: ['update'] },
    // AppProjects are only read, and `default` is created at start unless it
    // exists. `resourceNames` cannot restrict `create` (a create request
    // carries no name to the authorizer), so any AppProject here may be created.
    {
      apiGroups: [GROUP],
      resources: ['appprojects'],
      verbs: ['create', 'get', 'list', 'watch'],
    },
    // Repository and cluster credentials: read only.
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
    // Leader election (src/controller/lease.ts: read, create, replace).
    // Creating the Lease cannot be limited to its name (`resourceNames` does
    // not apply to `create`); reading and renewing it can.
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      resourceNames: [CONTROLLER_NAME],
      verbs: ['get', 'update'],
    },
    // Events on Applications (src/controller/events.ts): a repeated event
    // bumps the count of the existing one with a read and a replace.
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'get', 'update'] },
  ];
}

/** Verbs to create, change and prune a kind (`get` reads the live object before and after). */
const MANAGE = ['create', 'delete', 'get', 'patch', 'update'];

/**
 * What the controller may do on the objects Applications deploy to its own
 * cluster (`https://kubernetes.default.svc`).
 *
 * **The one broad grant, and why.** The controller applies whatever manifests
 * Git holds, into any namespace an AppProject allows, like Argo CD's
 * application-controller (whose ClusterRole is `*` on everything). Keelson
 * grants less than that:
 *
 * - `list` and `watch` on every kind, cluster-wide: the live-state cache
 *   watches every type to find the objects applications own (selected by the
 *   `keelson.dev/app` label, which RBAC cannot express). This includes listing
 *   Secrets in every namespace. `list`/`watch` only apply to collections, so
 *   this grants no `get` on one object and none of the subresources that act
 *   (`pods/exec`, `pods/log`, `nodes/proxy`).
 * - create/get/patch/update/delete on the common workload kinds only, and
 *   create/get/patch/update on Namespaces (`CreateNamespace=true`). Creating
 *   Pods or Deployments in a namespace still means acting with the rights of
 *   any ServiceAccount there: that is what makes this grant broad.
 *
 * **Left out on purpose** (an Application deploying them fails with the API
 * server's "forbidden" until an administrator widens the grant): writing
 * Secrets (a Git repository could overwrite Keelson's own credentials),
 * RBAC (escalation), CRDs, admission webhooks, APIServices, deleting
 * Namespaces (pruning one deletes all it holds, Keelson's own included), and
 * Applications/AppProjects (app of apps), as well as custom resources.
 *
 * **Widen** by binding another (Cluster)Role to the ServiceAccount, e.g. a
 * Role allowing Secrets in one destination namespace. **Narrow** by replacing
 * the ClusterRoleBinding with RoleBindings of this ClusterRole in the
 * destination namespaces only (list/watch elsewhere is then refused; the
 * controller logs that and retries). A `keelson install --namespaced` doing
 * that for you is not available.
 */
export function destinationRules(): PolicyRule[] {
  return [
    { apiGroups: ['*'], resources: ['*'], verbs: ['list', 'watch'] },
    {
      apiGroups: [''],
      resources: ['configmaps', 'persistentvolumeclaims', 'pods', 'serviceaccounts', 'services'],
      verbs: MANAGE,
    },
    { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'get', 'patch', 'update'] },
    {
      apiGroups: ['apps'],
      resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
      verbs: MANAGE,
    },
    { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: MANAGE },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: MANAGE },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: MANAGE },
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses', 'networkpolicies'],
      verbs: MANAGE,
    },
  ];
}

/** The controller's Role in the Keelson namespace ({@link controllerRules}). */
export function controllerRole(namespace: string): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'Role',
    metadata: { name: CONTROLLER_NAME, namespace, labels: installLabels() },
    rules: controllerRules(),
  };
}

/** Binds {@link controllerRole} to the controller's ServiceAccount. */
export function controllerRoleBinding(namespace: string): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name: CONTROLLER_NAME, namespace, labels: installLabels() },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CONTROLLER_NAME },
    subjects: [serviceAccountSubject(namespace)],
  };
}

/** The ClusterRole for destination resources ({@link destinationRules}). */
export function destinationClusterRole(namespace: string): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRole',
    metadata: { name: clusterScopedName(namespace), labels: installLabels() },
    rules: destinationRules(),
  };
}

/** Binds {@link destinationClusterRole} to the controller's ServiceAccount, cluster-wide. */
export function destinationClusterRoleBinding(namespace: string): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name: clusterScopedName(namespace), labels: installLabels() },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: clusterScopedName(namespace),
    },
    subjects: [serviceAccountSubject(namespace)],
  };
}

function serviceAccountSubject(namespace: string): Record<string, string> {
  return { kind: 'ServiceAccount', name: CONTROLLER_NAME, namespace };
}
