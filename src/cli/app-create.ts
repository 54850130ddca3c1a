import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { KeelsonError, errorMessage } from '../core/index.js';
import { collect } from './args.js';
import {
  applicationFromFile,
  applicationFromFlags,
  parseSyncPolicy,
  type AppCreateFlags,
} from './app-spec.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { reportErrors } from './exit.js';

interface CreateOptions extends AppCreateFlags, BackendFlags {
  readonly file?: string;
  readonly upsert?: boolean;
}

/** `app create NAME --repo … --dest-namespace …` or `app create -f app.yaml`. */
export function registerAppCreate(app: Command): void {
  withBackendOptions(
    app
      .command('create')
      .description('create an application from flags or from a YAML/JSON file (-f)')
      .argument('[name]', 'application name (overrides metadata.name of -f)')
      .option('-f, --file <file>', 'Application manifest (YAML or JSON); - for stdin')
      .option('--repo <url>', 'Git repository URL (or Helm repository with --chart)')
      .option('--path <path>', 'directory inside the repository')
      .option('--revision <rev>', 'branch, tag or commit to follow (default HEAD)')
      .option('--chart <name>', 'Helm chart name, when --repo is a Helm repository')
      .option('--dest-server <url>', 'destination cluster API server URL')
      .option('--dest-name <name>', 'destination cluster name (instead of --dest-server)')
      .option('--dest-namespace <ns>', 'destination namespace')
      .option('--project <name>', 'AppProject (default: default)')
      .option('--sync-policy <policy>', 'automated or none (default: none)', parseSyncPolicy)
      .option('--auto-prune', 'automated sync also deletes resources removed from Git')
      .option('--self-heal', 'automated sync also reverts changes made in the cluster')
      .option(
        '--sync-option <opt>',
        'sync option, e.g. CreateNamespace=true (repeatable)',
        collect,
        [],
      )
      .option('--label <key=value>', 'label on the Application (repeatable)', collect, [])
      .option('--helm-set <key=value>', 'Helm parameter (repeatable)', collect, [])
      .option('--helm-set-string <key=value>', 'Helm string parameter (repeatable)', collect, [])
      .option('--values <file>', 'Helm values file inside the chart (repeatable)', collect, [])
      .option('--release-name <name>', 'Helm release name')
      .option(
        '--kustomize-image <image>',
        'Kustomize image override, [old=]name[:tag][@digest] (repeatable)',
        collect,
        [],
      )
      .option('--directory-recurse', 'directory source: include subdirectories')
      .option('--upsert', 'replace the spec when the application exists'),
  ).action(
    reportErrors(async (name: string | undefined, opts: CreateOptions) => {
      if (opts.file && opts.repo)
        throw new KeelsonError(
          'app create: -f cannot be combined with source flags such as --repo',
        );
      const application = opts.file
        ? applicationFromFile(await readManifest(opts.file), opts.file, name)
        : applicationFromFlags(requireName(name), opts);
      const created = await withBackend(opts, ({ backend }) =>
        backend.applications.create(application, { upsert: opts.upsert ?? false }),
      );
      const verb = opts.upsert ? 'created or updated' : 'created';
      process.stdout.write(`application '${created.metadata.name ?? ''}' ${verb}\n`);
    }),
  );
}

function requireName(name: string | undefined): string {
  if (!name) throw new KeelsonError('app create: give an application NAME (or -f FILE)');
  return name;
}

async function readManifest(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    throw new KeelsonError(`cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
}
