import {
  KubernetesObjectApi,
  PatchStrategy,
  loadYaml,
  type KubeConfig,
  type KubernetesObject,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { KeelsonError, waitFor } from '../core/index.js';
import type { CustomResourceDefinition } from './crd.js';
import { keelsonCrds } from './crds.js';
import { kubeErrorMessage, statusCodeOf } from './kube-errors.js';

/** The field manager of everything Keelson applies. */
export const FIELD_MANAGER = 'keelson';

/** What applying one CRD did (the words kubectl prints). */
export type CrdAction = 'created' | 'configured' | 'unchanged';

export interface CrdInstallResult {
  /** `applications.keelson.dev` */
  readonly name: string;
  readonly action: CrdAction;
}

export interface InstallCrdsOptions {
  /** How long to wait for every CRD to be Established (default 60 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A CRD could not be applied or did not become Established. */
export class CrdInstallError extends KeelsonError {
  constructor(
    readonly crd: string,
    reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`CustomResourceDefinition/${crd}: ${reason}`, options);
  }
}

/**
 * Server-side applies Keelson's CRDs (field manager `keelson`, taking over
 * fields another manager set) and waits until the API server serves them
 * (condition Established). Idempotent: a second run reports `unchanged`.
 */
export async function installCrds(
  kubeConfig: KubeConfig,
  options: InstallCrdsOptions = {},
  crds: readonly CustomResourceDefinition[] = keelsonCrds(),
): Promise<CrdInstallResult[]> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const results: CrdInstallResult[] = [];
  const server = kubeConfig.getCurrentCluster()?.server ?? 'the API server';
  for (const crd of crds) results.push(await applyCrd(api, crd, server));
  const deadline = options.timeoutMs ?? 60_000;
  await Promise.all(crds.map((crd) => waitEstablished(api, crd, deadline, options.signal)));
  return results;
}

async function applyCrd(
  api: KubernetesObjectApi,
  crd: CustomResourceDefinition,
  server: string,
): Promise<CrdInstallResult> {
  const name = crd.metadata.name;
  try {
    const before = await readCrd(api, name);
    // The client serializes built-in kinds through its typed models, whose
    // property names differ from the JSON ones (`default`, `x-kubernetes-*`);
    // a plain object would lose those fields. loadYaml builds the model.
    const model = loadYaml<KubernetesObject>(JSON.stringify(crd));
    const after = await api.patch(
      model,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    );
    const action: CrdAction = !before
      ? 'created'
      : before.metadata?.resourceVersion === after.metadata?.resourceVersion
        ? 'unchanged'
        : 'configured';
    return { name, action };
  } catch (err) {
    // No HTTP status: the request never got an answer, which is about the cluster, not the CRD.
    if (statusCodeOf(err) === undefined)
      throw new KeelsonError(`cannot reach ${server}: ${kubeErrorMessage(err)}`, { cause: err });
    throw new CrdInstallError(name, `apply failed: ${kubeErrorMessage(err)}`, { cause: err });
  }
}

async function readCrd(
  api: KubernetesObjectApi,
  name: string,
): Promise<V1CustomResourceDefinition | undefined> {
  try {
    return await api.read<V1CustomResourceDefinition>({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name },
    });
  } catch (err) {
    if (statusCodeOf(err) === 404) return undefined;
    throw err;
  }
}

async function waitEstablished(
  api: KubernetesObjectApi,
  crd: CustomResourceDefinition,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const name = crd.metadata.name;
  const outcome = await waitFor(
    async () => {
      const conditions = (await readCrd(api, name))?.status?.conditions ?? [];
      const holds = (type: string, status: string) =>
        conditions.find((c) => c.type === type && c.status === status);
      // Names that clash with another CRD never become Established: stop at once.
      const rejected = holds('NamesAccepted', 'False');
      if (rejected) return { failed: `names not accepted: ${rejected.message ?? rejected.reason}` };
      return holds('Established', 'True') ? { failed: undefined } : undefined;
    },
    { what: `CustomResourceDefinition/${name} to be Established`, timeoutMs, signal },
  );
  if (outcome.failed) throw new CrdInstallError(name, outcome.failed);
}
