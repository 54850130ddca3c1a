/**
 * `keelson proj …`: AppProjects, the policies applications follow (allowed
 * repositories and destinations). Modelled on `argocd proj`.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { API_VERSION, type AppProject, type ApplicationDestination } from '../apis/index.js';
import { KeelsonError, errorMessage, isRecord } from '../core/index.js';
import { collect } from './args.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { reportErrors } from './exit.js';
import {
  formatData,
  formatFields,
  formatTable,
  parseOutputFormat,
  type OutputFormat,
} from './output/index.js';

const print = (text: string): void => void process.stdout.write(text);

interface ProjCreateOptions extends BackendFlags {
  readonly file?: string;
  readonly description?: string;
  readonly dest: string[];
  readonly src: string[];
  readonly upsert?: boolean;
}

/** Invalid `proj` input. */
export class ProjectFlagsError extends KeelsonError {}

/** `-d SERVER,NAMESPACE` → a destination (server may be a glob). */
export function parseDestination(value: string): ApplicationDestination {
  const comma = value.lastIndexOf(',');
  if (comma <= 0 || comma === value.length - 1)
    throw new ProjectFlagsError(`destination "${value}": expected SERVER,NAMESPACE`);
  return { server: value.slice(0, comma), namespace: value.slice(comma + 1) };
}

/** The AppProject `proj create NAME …` describes. */
export function projectFromFlags(name: string, opts: ProjCreateOptions): AppProject {
  return {
    apiVersion: API_VERSION,
    kind: 'AppProject',
    metadata: { name },
    spec: {
      ...(opts.description ? { description: opts.description } : {}),
      ...(opts.src.length ? { sourceRepos: opts.src } : {}),
      ...(opts.dest.length ? { destinations: opts.dest.map(parseDestination) } : {}),
    },
  };
}

async function projectFromFile(file: string, name: string | undefined): Promise<AppProject> {
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ProjectFlagsError(`cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
  if (!isRecord(data) || data.kind !== 'AppProject')
    throw new ProjectFlagsError(`${file}: not an AppProject`);
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  return {
    ...data,
    apiVersion: API_VERSION,
    metadata: { ...metadata, ...(name ? { name } : {}) },
  } as AppProject;
}

function destinationText(d: ApplicationDestination): string {
  return `${d.server ?? d.name ?? ''},${d.namespace ?? ''}`;
}

function formatProjects(projects: readonly AppProject[]): string {
  return formatTable([
    ['NAME', 'DESCRIPTION', 'DESTINATIONS', 'SOURCES'],
    ...projects.map((p) => [
      p.metadata.name ?? '',
      p.spec.description ?? '',
      (p.spec.destinations ?? []).map(destinationText).join(' ') || '<none>',
      (p.spec.sourceRepos ?? []).join(' ') || '<none>',
    ]),
  ]);
}

function formatProject(p: AppProject): string {
  const kinds = (list?: readonly { group: string; kind: string }[]): string =>
    list === undefined
      ? '<unset>'
      : list.map((gk) => `${gk.group || 'core'}/${gk.kind}`).join(', ') || '<none>';
  return formatFields([
    ['Name', p.metadata.name ?? ''],
    ['Description', p.spec.description ?? ''],
    ['Destinations', (p.spec.destinations ?? []).map(destinationText).join(', ') || '<none>'],
    ['Repositories', (p.spec.sourceRepos ?? []).join(', ') || '<none>'],
    ['Allowed Cluster Resources', kinds(p.spec.clusterResourceWhitelist)],
    ['Denied Cluster Resources', kinds(p.spec.clusterResourceBlacklist)],
    ['Allowed Namespaced Resources', kinds(p.spec.namespaceResourceWhitelist)],
    ['Denied Namespaced Resources', kinds(p.spec.namespaceResourceBlacklist)],
  ]);
}

function printProject(p: AppProject, output: OutputFormat): void {
  if (output === 'json' || output === 'yaml') print(formatData(p, output));
  else if (output === 'name') print(`${p.metadata.name ?? ''}\n`);
  else print(formatProject(p));
}

export function registerProjectCommands(program: Command): void {
  const proj = program
    .command('proj')
    .description('manage projects: allowed repositories and destinations');
  withBackendOptions(
    proj
      .command('create')
      .description('create a project from flags or from a file (-f)')
      .argument('[name]')
      .option('-f, --file <file>', 'AppProject manifest (YAML or JSON)')
      .option('--description <text>', 'description')
      .option(
        '-d, --dest <server,namespace>',
        'allowed destination (repeatable; globs allowed)',
        collect,
        [],
      )
      .option(
        '-s, --src <repo>',
        'allowed source repository (repeatable; globs allowed)',
        collect,
        [],
      )
      .option('--upsert', 'replace the spec when the project exists'),
  ).action(
    reportErrors(async (name: string | undefined, opts: ProjCreateOptions) => {
      if (!opts.file && !name)
        throw new ProjectFlagsError('proj create: give a project NAME (or -f FILE)');
      const project = opts.file
        ? await projectFromFile(opts.file, name)
        : projectFromFlags(name ?? '', opts);
      const created = await withBackend(opts, ({ backend }) =>
        backend.projects.create(project, { upsert: opts.upsert ?? false }),
      );
      print(
        `project '${created.metadata.name ?? ''}' ${opts.upsert ? 'created or updated' : 'created'}\n`,
      );
    }),
  );
  withBackendOptions(
    proj
      .command('list')
      .description('list projects')
      .option('-o, --output <format>', 'table, json, yaml or name', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (opts: BackendFlags & { output: OutputFormat }) => {
      const projects = await withBackend(opts, ({ backend }) => backend.projects.list());
      if (opts.output === 'json' || opts.output === 'yaml')
        print(formatData(projects, opts.output));
      else if (opts.output === 'name')
        print(projects.map((p) => `${p.metadata.name ?? ''}\n`).join(''));
      else print(formatProjects(projects));
    }),
  );
  withBackendOptions(
    proj
      .command('get')
      .description('show a project')
      .argument('<name>')
      .option('-o, --output <format>', 'table, json, yaml or name', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (name: string, opts: BackendFlags & { output: OutputFormat }) => {
      printProject(
        await withBackend(opts, ({ backend }) => backend.projects.get(name)),
        opts.output,
      );
    }),
  );
  withBackendOptions(
    proj
      .command('delete')
      .description('delete a project (refused while applications use it)')
      .argument('<name>'),
  ).action(
    reportErrors(async (name: string, opts: BackendFlags) => {
      await withBackend(opts, ({ backend }) => backend.projects.delete(name));
      print(`project '${name}' deleted\n`);
    }),
  );
  registerDestinationCommands(proj);
  registerSourceCommands(proj);
}

function destinationOf(server: string, namespace: string, byName?: boolean) {
  return byName ? { name: server, namespace } : { server, namespace };
}

function registerDestinationCommands(proj: Command): void {
  for (const [verb, description] of [
    ['add-destination', 'allow a destination cluster and namespace'],
    ['remove-destination', 'no longer allow a destination'],
  ] as const) {
    withBackendOptions(
      proj
        .command(verb)
        .description(description)
        .argument('<project>')
        .argument('<server>', 'cluster API server URL (or cluster name with --name); globs allowed')
        .argument('<namespace>', 'namespace; globs allowed')
        .option('--name', 'SERVER is a cluster name, not a URL'),
    ).action(
      reportErrors(
        async (
          project: string,
          server: string,
          namespace: string,
          opts: BackendFlags & { name?: boolean },
        ) => {
          const destination = destinationOf(server, namespace, opts.name);
          await withBackend(opts, ({ backend }) =>
            verb === 'add-destination'
              ? backend.projects.addDestination(project, destination)
              : backend.projects.removeDestination(project, destination),
          );
          print(`project '${project}' updated\n`);
        },
      ),
    );
  }
}

function registerSourceCommands(proj: Command): void {
  for (const [verb, description] of [
    ['add-source', 'allow a source repository (globs allowed)'],
    ['remove-source', 'no longer allow a source repository'],
  ] as const) {
    withBackendOptions(
      proj
        .command(verb)
        .description(description)
        .argument('<project>')
        .argument('<repo>', 'repository URL or glob'),
    ).action(
      reportErrors(async (project: string, repo: string, opts: BackendFlags) => {
        await withBackend(opts, ({ backend }) =>
          verb === 'add-source'
            ? backend.projects.addSource(project, repo)
            : backend.projects.removeSource(project, repo),
        );
        print(`project '${project}' updated\n`);
      }),
    );
  }
}
