import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { installCrds, type CrdInstallResult } from '../apis/index.js';
import { KeelsonError, errorMessage } from '../core/index.js';

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

/** What `keelson install` installs; the controller joins when it exists. */
type Component = 'crds' | 'controller';

interface InstallOptions extends KubeConfigOptions {
  readonly crdsOnly?: boolean;
}

/**
 * `keelson install [--crds-only]`. With `--crds-only`: server-side apply the
 * CRDs (field manager `keelson`) and wait until they are Established, so a
 * controller can run outside the cluster. The controller itself (Deployment,
 * RBAC) is not installable yet.
 */
export function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description('install Keelson into a cluster (for now only its CRDs: --crds-only)')
    .option('--crds-only', 'apply only the CustomResourceDefinitions (Application, AppProject)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .action(async (opts: InstallOptions) => {
      const components: Component[] = opts.crdsOnly ? ['crds'] : ['crds', 'controller'];
      if (components.includes('controller'))
        throw new KeelsonError(
          'install: installing the controller is not yet available; use --crds-only to install the CRDs and run the controller outside the cluster',
        );
      const kc = loadKubeConfig(opts);
      const server = kc.getCurrentCluster()?.server ?? '';
      const results = await installCrds(kc);
      process.stdout.write(formatResults(results));
      process.stdout.write(`Keelson CRDs are established on ${server}\n`);
    });
}

function formatResults(results: readonly CrdInstallResult[]): string {
  return results
    .map((r) => `customresourcedefinition.apiextensions.k8s.io/${r.name} ${r.action}\n`)
    .join('');
}
