import { InvalidArgumentError, type Command } from 'commander';
import type { DeletionPropagation } from '../service/index.js';
import { collect, parseBoolean, parseSeconds } from './args.js';
import { waitDeleted } from './app-progress.js';
import { parseSyncPolicy, patchFromFlags, type AppSetFlags } from './app-spec.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { ExitCode, reportErrors } from './exit.js';
import { confirm } from './prompt.js';

interface SetOptions extends AppSetFlags, BackendFlags {}

interface DeleteOptions extends BackendFlags {
  readonly cascade: boolean;
  readonly propagationPolicy: 'foreground' | 'background';
  readonly yes?: boolean;
  readonly wait?: boolean;
  readonly timeout: number;
}

function parsePropagation(value: string): 'foreground' | 'background' {
  if (value === 'foreground' || value === 'background') return value;
  throw new InvalidArgumentError('expected foreground or background');
}

export function registerAppEditCommands(app: Command): void {
  withBackendOptions(
    app
      .command('set')
      .description("change an application's source, destination, project, sync policy or labels")
      .argument('<name>')
      .option('--revision <rev>', 'target revision (branch, tag, commit)')
      .option('--path <path>', 'directory inside the repository')
      .option('--repo <url>', 'repository URL')
      .option('--dest-namespace <ns>', 'destination namespace')
      .option('--dest-server <url>', 'destination cluster API server URL')
      .option('--dest-name <name>', 'destination cluster name')
      .option('--project <name>', 'AppProject')
      .option('--sync-policy <policy>', 'automated or none', parseSyncPolicy)
      .option('--auto-prune', 'automated sync deletes resources removed from Git')
      .option('--no-auto-prune', 'automated sync keeps resources removed from Git')
      .option('--self-heal', 'automated sync reverts changes made in the cluster')
      .option('--no-self-heal', 'automated sync leaves changes made in the cluster')
      .option(
        '--sync-option <opt>',
        'sync options, replacing the current list (repeatable)',
        collect,
        [],
      )
      .option(
        '--label <key=value|key->',
        'set a label, or remove it with key- (repeatable)',
        collect,
        [],
      ),
  ).action(
    reportErrors(async (name: string, opts: SetOptions) => {
      const patch = patchFromFlags(opts);
      await withBackend(opts, ({ backend }) => backend.applications.patch(name, patch));
      process.stdout.write(`application '${name}' updated\n`);
    }),
  );

  withBackendOptions(
    app
      .command('delete')
      .description('delete an application and, unless --cascade=false, its resources')
      .argument('<name>')
      .option('--cascade <bool>', 'also delete the resources (true|false)', parseBoolean, true)
      .option(
        '--propagation-policy <policy>',
        'foreground (resources first, then the application) or background',
        parsePropagation,
        'foreground',
      )
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--wait', 'wait until the application is gone')
      .option('--timeout <seconds>', 'how long --wait waits', parseSeconds, 300),
  ).action(
    reportErrors(async (name: string, opts: DeleteOptions) => {
      const what = opts.cascade
        ? `application '${name}' and its resources`
        : `application '${name}' (keeping its resources)`;
      // Ask only on a terminal: scripts and CI have no one to answer.
      if (!opts.yes && process.stdin.isTTY && !(await confirm(`Delete ${what}?`))) {
        process.stderr.write('keelson: not deleted\n');
        throw new ExitCode(1);
      }
      const propagation: DeletionPropagation = opts.cascade ? opts.propagationPolicy : 'orphan';
      await withBackend(opts, async ({ backend }) => {
        await backend.applications.delete(name, propagation);
        if (opts.wait) await waitDeleted(backend.applications, name, opts.timeout);
      });
      process.stdout.write(`application '${name}' deleted\n`);
    }),
  );
}
