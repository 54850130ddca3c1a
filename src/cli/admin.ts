import type { Command } from 'commander';
import { ClusterConnection } from '../cluster/index.js';
import { KeelsonError } from '../core/index.js';
import { readInitialAdminPassword } from '../server/index.js';
import { loadKubeConfig, type KubeConfigOptions } from './install.js';

interface InitialPasswordOptions extends KubeConfigOptions {
  readonly namespace: string;
}

/** `keelson admin initial-password`: prints the generated admin password (as `argocd admin initial-password`). */
export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('administer a Keelson installation');
  admin
    .command('initial-password')
    .description('print the generated initial admin password (until its Secret is deleted)')
    .option('-n, --namespace <ns>', "namespace of Keelson's settings", 'keelson')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .action(async (opts: InitialPasswordOptions) => {
      const connection = ClusterConnection.fromKubeconfig(loadKubeConfig(opts));
      try {
        const found = await readInitialAdminPassword(connection, opts.namespace);
        if (!found.found) throw new KeelsonError(`no initial admin password: ${found.reason}`);
        process.stdout.write(`${found.password}\n`);
        process.stderr.write(
          'This password is for the first login only: change it (keelson account update-password) and delete the Secret keelson-initial-admin-secret.\n',
        );
      } finally {
        connection.close();
      }
    });
}
