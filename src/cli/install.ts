import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { installCrds, keelsonCrds, type CrdInstallResult } from '../apis/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { KeelsonError, errorMessage } from '../core/index.js';
import {
  CONTROLLER_NAME,
  CONTROLLER_MEMORY_LIMIT_MIB,
  CONTROLLER_UID,
  DEFAULT_NAMESPACE,
  IMAGE_TOOLS_DIR,
  applyManifests,
  controllerManifests,
  controllerObjectsToDelete,
  crdsToDelete,
  defaultControllerImage,
  deleteManifests,
  type InstallResult,
} from '../install/index.js';
import { VERSION } from './version.js';

/** Where a command finds its cluster: `--kubeconfig` and `--context`, as kubectl. */
export interface KubeConfigOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
}

/**
 * Loads the kubeconfig named by `--kubeconfig` (default: `$KUBECONFIG`, else
 * `~/.kube/config`, else the in-cluster service account) and selects `--context`.
 */
export function loadKubeConfig(options: KubeConfigOptions): KubeConfig {
  const kc = new KubeConfig();
  const source = options.kubeconfig ?? 'the default kubeconfig';
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new KeelsonError(`cannot load ${source}: ${errorMessage(err)}`, { cause: err });
  }
  if (options.context) {
    if (!kc.getContextObject(options.context))
      throw new KeelsonError(`context ${options.context} not found in ${source}`);
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster())
    throw new KeelsonError(`${source} has no current cluster: pass --context`);
  return kc;
}

interface InstallOptions extends KubeConfigOptions {
  readonly crdsOnly?: boolean;
  readonly namespace: string;
  readonly image: string;
  readonly memoryLimit: number;
  readonly dryRun?: boolean;
}

interface UninstallOptions extends KubeConfigOptions {
  readonly namespace: string;
  readonly keepCrds?: boolean;
}

const IMAGE_HELP =
  'controller image; none is built from this repository: build one (keelson on the PATH, ' +
  `helm and kustomize in ${IMAGE_TOOLS_DIR}, runs as uid ${CONTROLLER_UID}) and pass it here`;

/**
 * `keelson install [--crds-only] [--namespace NS] [--image IMG] [--dry-run]`.
 * Server-side applies the CRDs (field manager `keelson`) and waits until they
 * are Established; then, unless `--crds-only`, the controller's Namespace,
 * ServiceAccount, RBAC, Deployment and metrics Service (src/install). One
 * kubectl-style line per object. `--dry-run` prints the manifests as YAML and
 * touches no cluster.
 */
export function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description(
      'install Keelson into the current cluster: CRDs, least-privilege RBAC and the controller Deployment',
    )
    .option(
      '--crds-only',
      'apply only the CRDs (Application, AppProject), to run the controller out of cluster',
    )
    .option(
      '-n, --namespace <ns>',
      'namespace of the controller and of Applications',
      DEFAULT_NAMESPACE,
    )
    .option('--image <image>', IMAGE_HELP, defaultControllerImage(VERSION))
    .option(
      '--memory-limit <MiB>',
      "the controller container's memory limit; Node sizes its heap from it (raise it for large fleets)",
      Number,
      CONTROLLER_MEMORY_LIMIT_MIB,
    )
    .option('--dry-run', 'print the manifests as YAML instead of applying them')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .action(async (opts: InstallOptions) => {
      // Built before anything is applied, so a bad option changes nothing.
      const controller = opts.crdsOnly
        ? []
        : controllerManifests({
            namespace: opts.namespace,
            image: opts.image,
            memoryLimitMib: opts.memoryLimit,
          });
      if (opts.dryRun) {
        process.stdout.write(toYaml([...keelsonCrds(), ...controller]));
        return;
      }
      const connection = ClusterConnection.fromKubeconfig(loadKubeConfig(opts));
      try {
        process.stdout.write(formatCrdResults(await installCrds(connection)));
        process.stdout.write(`Keelson CRDs are established on ${connection.server}\n`);
        if (opts.crdsOnly) return;
        await applyManifests(connection, controller, { onResult: printResult });
      } finally {
        connection.close();
      }
      process.stdout.write(
        `Keelson controller installed in namespace ${opts.namespace} (image ${opts.image}); ` +
          `follow its start with: kubectl -n ${opts.namespace} rollout status deployment/${CONTROLLER_NAME}\n`,
      );
    });
}

/**
 * `keelson uninstall [--namespace NS] [--keep-crds]`: deletes what `keelson
 * install` created, the controller first and the CRDs last (which deletes
 * every Application and AppProject), except the Namespace.
 */
export function registerUninstallCommand(program: Command): void {
  program
    .command('uninstall')
    .description(
      'remove the Keelson controller and its RBAC, then the CRDs (which deletes every Application) unless --keep-crds',
    )
    .option('-n, --namespace <ns>', 'namespace keelson install used', DEFAULT_NAMESPACE)
    .option('--keep-crds', 'keep the CRDs, and with them every Application and AppProject')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .action(async (opts: UninstallOptions) => {
      const refs = controllerObjectsToDelete(opts.namespace);
      const connection = ClusterConnection.fromKubeconfig(loadKubeConfig(opts));
      try {
        await deleteManifests(connection, refs, { onResult: printResult });
        if (opts.keepCrds) {
          process.stdout.write('CRDs kept (--keep-crds): Applications and AppProjects stay\n');
        } else {
          process.stderr.write(CRD_DELETION_WARNING);
          await deleteManifests(connection, crdsToDelete(), { onResult: printResult });
        }
      } finally {
        connection.close();
      }
      process.stdout.write(
        `namespace/${opts.namespace} kept: it may hold credential Secrets; ` +
          `delete it with kubectl delete namespace ${opts.namespace}\n`,
      );
    });
}

const CRD_DELETION_WARNING =
  'WARNING: deleting the Keelson CRDs deletes EVERY Application and AppProject in the cluster.\n' +
  '  The resources they deployed stay in place. An Application with a resources-finalizer keeps\n' +
  '  its CRD Terminating until the finalizer is removed (no controller is left to act on it):\n' +
  '  kubectl patch app NAME -n NS --type merge -p \'{"metadata":{"finalizers":null}}\'\n' +
  '  Use --keep-crds to keep them.\n';

function printResult(result: InstallResult<string>): void {
  process.stdout.write(`${result.object} ${result.action}\n`);
}

function formatCrdResults(results: readonly CrdInstallResult[]): string {
  return results
    .map((r) => `customresourcedefinition.apiextensions.k8s.io/${r.name} ${r.action}\n`)
    .join('');
}

/** Multi-document YAML, as `kubectl apply -f` reads it. */
function toYaml(objects: readonly object[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, singleQuote: true })).join('---\n');
}
