import type { Command } from 'commander';
import type { Application, OperationState, SyncOperationResource } from '../apis/index.js';
import type { ApplicationOperations } from '../service/index.js';
import { collect, collectResource, parseBoolean, parseId, parseSeconds } from './args.js';
import { followOperation, waitForApplication, type ProgressOutput } from './app-progress.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backend.js';
import { ExitCode, reportErrors } from './exit.js';
import {
  formatApplication,
  formatOperationResources,
  formatOperationState,
} from './output/index.js';

const print = (text: string): void => void process.stdout.write(text);

/** Progress goes to stderr, so stdout holds only the result. */
const progressOutput: ProgressOutput = {
  write: (text) => void process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
};

interface SyncOptions extends BackendFlags {
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  readonly revision?: string;
  readonly resource: SyncOperationResource[];
  readonly syncOption: string[];
  readonly async?: boolean;
  readonly timeout: number;
}

interface RollbackOptions extends BackendFlags {
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  readonly async?: boolean;
  readonly timeout: number;
}

interface WaitOptions extends BackendFlags {
  readonly sync?: boolean;
  readonly health?: boolean;
  readonly operation?: boolean;
  readonly degradedFail: boolean;
  readonly timeout: number;
}

export function registerAppOperationCommands(app: Command): void {
  registerSync(app);
  registerRollback(app);
  registerWait(app);
  withBackendOptions(
    app
      .command('terminate-op')
      .description('stop the running sync of an application')
      .argument('<name>'),
  ).action(
    reportErrors(async (name: string, opts: BackendFlags) => {
      await withBackend(opts, ({ backend }) => backend.applications.terminateOperation(name));
      print(`termination of the operation of application '${name}' requested\n`);
    }),
  );
}

/**
 * Prints an operation's outcome and fails the command (exit 1) unless it
 * Succeeded.
 */
function reportOperation(name: string, state: OperationState): void {
  print(formatOperationState(state));
  const resources = formatOperationResources(state);
  if (resources) print(`\n${resources}`);
  if (state.phase !== 'Succeeded') {
    process.stderr.write(`keelson: operation of application '${name}' ${state.phase}\n`);
    throw new ExitCode(1);
  }
}

/**
 * Requests an operation with `request` and, unless `async`, follows it to
 * the end. The operation state in the application the request returns (the
 * object as written, with `operation` set) is the last one before ours: a
 * different finished state is our result.
 */
async function runOperation(
  applications: ApplicationOperations,
  name: string,
  what: string,
  opts: { readonly async?: boolean; readonly timeout: number },
  request: () => Promise<Application>,
): Promise<OperationState | undefined> {
  const requested = await request();
  if (opts.async) {
    print(`${what} of application '${name}' requested\n`);
    return undefined;
  }
  const previous = requested.status?.operationState;
  return followOperation(applications, name, previous, opts.timeout, progressOutput);
}

function registerSync(app: Command): void {
  withBackendOptions(
    app
      .command('sync')
      .description('sync an application to its target revision and follow the operation to its end')
      .argument('<name>')
      .option('--prune', 'delete resources no longer in Git')
      .option('--dry-run', 'validate with the API server without changing anything')
      .option('--revision <rev>', 'sync to this revision instead of the target revision')
      .option(
        '--resource <GROUP:KIND:[NAMESPACE/]NAME>',
        'sync only this resource (repeatable; empty GROUP for the core group)',
        collectResource,
        [],
      )
      .option(
        '--sync-option <opt>',
        'sync option for this sync only, e.g. Replace=true (repeatable)',
        collect,
        [],
      )
      .option('--async', 'return once the sync is requested')
      .option('--timeout <seconds>', 'how long to follow the operation', parseSeconds, 300),
  ).action(
    reportErrors(async (name: string, opts: SyncOptions) => {
      const state = await withBackend(opts, ({ backend, actor }) =>
        runOperation(backend.applications, name, 'sync', opts, () =>
          backend.applications.sync(
            name,
            {
              ...(opts.revision ? { revision: opts.revision } : {}),
              ...(opts.prune ? { prune: true } : {}),
              ...(opts.dryRun ? { dryRun: true } : {}),
              ...(opts.resource.length ? { resources: opts.resource } : {}),
              ...(opts.syncOption.length ? { syncOptions: opts.syncOption } : {}),
            },
            actor,
          ),
        ),
      );
      if (state) reportOperation(name, state);
    }),
  );
}

function registerRollback(app: Command): void {
  withBackendOptions(
    app
      .command('rollback')
      .description(
        'sync an application back to a history entry (see app history); needs automated sync off',
      )
      .argument('<name>')
      .argument('<id>', 'history id', parseId)
      .option('--prune', 'delete resources not in that revision')
      .option('--dry-run', 'validate with the API server without changing anything')
      .option('--async', 'return once the rollback is requested')
      .option('--timeout <seconds>', 'how long to follow the operation', parseSeconds, 300),
  ).action(
    reportErrors(async (name: string, id: number, opts: RollbackOptions) => {
      const state = await withBackend(opts, ({ backend, actor }) =>
        runOperation(backend.applications, name, 'rollback', opts, () =>
          backend.applications.rollback(
            name,
            {
              id,
              ...(opts.prune ? { prune: true } : {}),
              ...(opts.dryRun ? { dryRun: true } : {}),
            },
            actor,
          ),
        ),
      );
      if (state) reportOperation(name, state);
    }),
  );
}

function registerWait(app: Command): void {
  withBackendOptions(
    app
      .command('wait')
      .description(
        'wait until an application is synced, healthy and idle (exit 0), Degraded or its operation failed (1), or time-out (2)',
      )
      .argument('<name>')
      .option('--sync', 'wait until Synced')
      .option('--health', 'wait until Healthy')
      .option('--operation', 'wait until no operation is running')
      .option(
        '--degraded-fail <bool>',
        'stop with exit 1 when health is Degraded (true|false)',
        parseBoolean,
        true,
      )
      .option('--timeout <seconds>', 'give up after this long (exit 2)', parseSeconds, 300),
  ).action(
    reportErrors(async (name: string, opts: WaitOptions) => {
      const all = !opts.sync && !opts.health && !opts.operation;
      const want = {
        sync: all || opts.sync === true,
        health: all || opts.health === true,
        operation: all || opts.operation === true,
        degradedFail: opts.degradedFail,
      };
      const { verdict, app: application } = await withBackend(opts, ({ backend }) =>
        waitForApplication(backend.applications, name, want, opts.timeout, progressOutput),
      );
      print(formatApplication(application, false));
      if (verdict.kind === 'failed') {
        process.stderr.write(`keelson: application '${name}': ${verdict.reason}\n`);
        throw new ExitCode(1);
      }
    }),
  );
}
