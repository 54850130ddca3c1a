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

/**
 * The requests installing CRDs makes: the cluster module's
 * `ClusterConnection` fits (this module sits below it, so it names only the
 * shape). Failures carry the HTTP `status` (0: no answer) and `apiMessage`.
 */
export interface CrdInstallConnection {
  readonly server: string;
  request(req: {
    readonly method: 'GET' | 'PATCH';
    readonly path: string;
    readonly query?: Readonly<Record<string, string | boolean | undefined>>;
    readonly body?: unknown;
    readonly contentType?: string;
    readonly target?: string;
    readonly verb?: string;
    readonly signal?: AbortSignal;
  }): Promise<unknown>;
}

interface CrdCondition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The parts of a live CRD read back here. */
interface LiveCrd {
  readonly metadata?: { readonly resourceVersion?: string };
  readonly status?: { readonly conditions?: readonly CrdCondition[] };
}

const crdPath = (name: string) =>
  `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`;

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
  connection: CrdInstallConnection,
  options: InstallCrdsOptions = {},
  crds: readonly CustomResourceDefinition[] = keelsonCrds(),
): Promise<CrdInstallResult[]> {
  const results: CrdInstallResult[] = [];
  for (const crd of crds) results.push(await applyCrd(connection, crd, options.signal));
  const deadline = options.timeoutMs ?? 60_000;
  await Promise.all(crds.map((crd) => waitEstablished(connection, crd, deadline, options.signal)));
  return results;
}

async function applyCrd(
  connection: CrdInstallConnection,
  crd: CustomResourceDefinition,
  signal: AbortSignal | undefined,
): Promise<CrdInstallResult> {
  const name = crd.metadata.name;
  try {
    const before = await readCrd(connection, name, signal);
    const after = (await connection.request({
      method: 'PATCH',
      path: crdPath(name),
      query: { fieldManager: FIELD_MANAGER, force: true },
      body: crd,
      contentType: 'application/apply-patch+yaml',
      target: `CustomResourceDefinition/${name}`,
      verb: 'apply',
      signal,
    })) as LiveCrd;
    const action: CrdAction = !before
      ? 'created'
      : before.metadata?.resourceVersion === after.metadata?.resourceVersion
        ? 'unchanged'
        : 'configured';
    return { name, action };
  } catch (err) {
    // No HTTP status: the request never got an answer, which is about the cluster, not the CRD.
    if (!statusCodeOf(err))
      throw new KeelsonError(`cannot reach ${connection.server}: ${kubeErrorMessage(err)}`, {
        cause: err,
      });
    throw new CrdInstallError(name, `apply failed: ${kubeErrorMessage(err)}`, { cause: err });
  }
}

async function readCrd(
  connection: CrdInstallConnection,
  name: string,
  signal: AbortSignal | undefined,
): Promise<LiveCrd | undefined> {
  try {
    const target = `CustomResourceDefinition/${name}`;
    return (await connection.request({
      method: 'GET',
      path: crdPath(name),
      target,
      signal,
    })) as LiveCrd;
  } catch (err) {
    if (statusCodeOf(err) === 404) return undefined;
    throw err;
  }
}

async function waitEstablished(
  connection: CrdInstallConnection,
  crd: CustomResourceDefinition,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const name = crd.metadata.name;
  const outcome = await waitFor(
    async () => {
      const conditions = (await readCrd(connection, name, signal))?.status?.conditions ?? [];
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
