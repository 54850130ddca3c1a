import type { Command } from 'commander';
import type { Application } from '../apis/index.js';
import { REFRESH_ANNOTATION } from '../controller/index.js';
import type { ApplicationListQuery, RefreshKind } from '../service/index.js';
import { collect, parseBoolean, parseSeconds } from './args.js';
import { waitRefreshed } from './app-progress.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { ExitCode, reportErrors, usageErrorsExit2 } from './exit.js';
import {
  countDifferences,
  formatApplication,
  formatApplicationDiff,
  formatApplicationList,
  formatData,
  formatDiffSummary,
  formatHistory,
  formatResourceTree,
  hasDifferences,
  painter,
  parseColorMode,
  parseOutputFormat,
  shouldColor,
  type ColorMode,
  type OutputFormat,
} from './output/index.js';

const print = (text: string): void => void process.stdout.write(text);

interface ListOptions extends BackendFlags {
  readonly project: string[];
  readonly selector?: string;
  readonly sync: string[];
  readonly health: string[];
  readonly cluster?: string;
  readonly destNamespace?: string;
  readonly output: OutputFormat;
}

interface GetOptions extends BackendFlags {
  readonly output: OutputFormat;
  readonly refresh?: boolean;
  readonly hardRefresh?: boolean;
  readonly showOperation?: boolean;
  readonly timeout: number;
}

interface DiffOptions extends BackendFlags {
  readonly revision?: string;
  readonly exitCode: boolean;
  readonly color: ColorMode;
}

export function registerAppReadCommands(app: Command): void {
  registerList(app);
  registerGet(app);
  registerRefresh(app);
  registerDiff(app);
  withBackendOptions(
    app
      .command('history')
      .description('list past syncs: ID DATE REVISION INITIATED-BY')
      .argument('<name>')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (name: string, opts: BackendFlags & { output: OutputFormat }) => {
      const application = await withBackend(opts, ({ backend }) => backend.applications.get(name));
      if (opts.output === 'json' || opts.output === 'yaml')
        print(formatData(application.status?.history ?? [], opts.output));
      else print(formatHistory(application));
    }),
  );
  withBackendOptions(
    app
      .command('resources')
      .description('show the resource tree: managed resources and the objects they own')
      .argument('<name>')
      .option('-o, --output <format>', 'table, json or yaml', parseOutputFormat, 'table'),
  ).action(
    reportErrors(async (name: string, opts: BackendFlags & { output: OutputFormat }) => {
      const tree = await withBackend(opts, ({ backend }) =>
        backend.applications.resourceTree(name),
      );
      if (opts.output === 'json' || opts.output === 'yaml') print(formatData(tree, opts.output));
      else print(formatResourceTree(tree));
    }),
  );
}

function registerList(app: Command): void {
  withBackendOptions(
    app
      .command('list')
      .description('list applications')
      .option('-p, --project <name>', 'only this project (repeatable)', collect, [])
      .option('-l, --selector <selector>', 'label selector, e.g. team=shop,tier!=db')
      .option(
        '--sync <status>',
        'only this sync status: Synced, OutOfSync, Unknown (repeatable)',
        collect,
        [],
      )
      .option(
        '--health <status>',
        'only this health status, e.g. Degraded (repeatable)',
        collect,
        [],
      )
      .option('--cluster <name-or-url>', 'only this destination cluster')
      .option('--dest-namespace <ns>', 'only this destination namespace')
      .option(
        '-o, --output <format>',
        'table, wide, json, yaml or name',
        parseOutputFormat,
        'table',
      ),
  ).action(
    reportErrors(async (opts: ListOptions) => {
      const query: ApplicationListQuery = {
        ...(opts.project.length ? { projects: opts.project } : {}),
        ...(opts.selector ? { selector: opts.selector } : {}),
        ...(opts.sync.length ? { sync: opts.sync } : {}),
        ...(opts.health.length ? { health: opts.health } : {}),
        ...(opts.cluster ? { cluster: opts.cluster } : {}),
        ...(opts.destNamespace ? { namespace: opts.destNamespace } : {}),
      };
      const list = await withBackend(opts, ({ backend }) => backend.applications.list(query));
      print(formatApplications(list.items, opts.output));
    }),
  );
}

function formatApplications(apps: readonly Application[], output: OutputFormat): string {
  switch (output) {
    case 'json':
    case 'yaml':
      return formatData(apps, output);
    case 'name':
      return apps.map((a) => `${a.metadata.name ?? ''}\n`).join('');
    default:
      return formatApplicationList(apps, output === 'wide');
  }
}

function formatOne(app: Application, output: OutputFormat, showOperation: boolean): string {
  if (output === 'json' || output === 'yaml') return formatData(app, output);
  if (output === 'name') return `${app.metadata.name ?? ''}\n`;
  return formatApplication(app, showOperation);
}

function registerGet(app: Command): void {
  withBackendOptions(
    app
      .command('get')
      .description(
        'show an application: source, destination, sync and health, conditions, resources',
      )
      .argument('<name>')
      .option('-o, --output <format>', 'table, json, yaml or name', parseOutputFormat, 'table')
      .option('--refresh', 'compare with Git again first, and wait for the result')
      .option('--hard-refresh', 'as --refresh, also discarding cached renders')
      .option('--show-operation', 'also show the last (or running) operation')
      .option(
        '--timeout <seconds>',
        'how long --refresh waits for the controller',
        parseSeconds,
        60,
      ),
  ).action(
    reportErrors(async (name: string, opts: GetOptions) => {
      const kind: RefreshKind | undefined = opts.hardRefresh
        ? 'hard'
        : opts.refresh
          ? 'normal'
          : undefined;
      const application = await withBackend(opts, async ({ backend }) => {
        if (!kind) return backend.applications.get(name);
        await backend.applications.refresh(name, kind);
        return waitRefreshed(backend.applications, name, REFRESH_ANNOTATION, opts.timeout);
      });
      print(formatOne(application, opts.output, opts.showOperation ?? false));
    }),
  );
}

function registerRefresh(app: Command): void {
  withBackendOptions(
    app
      .command('refresh')
      .description('compare an application with Git again now (same as app get --refresh)')
      .argument('<name>')
      .option('--hard', 'also discard cached renders')
      .option('--async', 'do not wait for the controller to finish the refresh')
      .option('--timeout <seconds>', 'how long to wait for the controller', parseSeconds, 60),
  ).action(
    reportErrors(
      async (
        name: string,
        opts: BackendFlags & { hard?: boolean; async?: boolean; timeout: number },
      ) => {
        const application = await withBackend(opts, async ({ backend }) => {
          const requested = await backend.applications.refresh(name, opts.hard ? 'hard' : 'normal');
          if (opts.async) return requested;
          return waitRefreshed(backend.applications, name, REFRESH_ANNOTATION, opts.timeout);
        });
        if (opts.async) print(`refresh of application '${name}' requested\n`);
        else print(formatApplication(application, false));
      },
    ),
  );
}

function registerDiff(app: Command): void {
  const command = withBackendOptions(
    app
      .command('diff')
      .description(
        'show what a sync would change: a diff per resource (exit 1 when there are differences)',
      )
      .argument('<name>')
      .option('--revision <rev>', 'compare this revision instead of the target revision')
      .option(
        '--exit-code <bool>',
        'exit 1 when there are differences (true|false)',
        parseBoolean,
        true,
      )
      .option('--color <when>', 'auto, always or never', parseColorMode, 'auto'),
  ).action(
    reportErrors(async (name: string, opts: DiffOptions) => {
      const diff = await withBackend(
        opts,
        ({ backend }) =>
          backend.applications.diff(name, opts.revision ? { revision: opts.revision } : {}),
        { render: true },
      );
      const paint = painter(shouldColor(opts.color, process.stdout, process.env));
      const counts = countDifferences(diff);
      print(formatApplicationDiff(diff, paint));
      print(formatDiffSummary(counts));
      if (opts.exitCode && hasDifferences(counts)) throw new ExitCode(1);
    }, 2),
  );
  usageErrorsExit2(command);
}
