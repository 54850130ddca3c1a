/**
 * `keelson diff --local DIR --app NAME`: what a sync of a working copy would
 * change, before it is merged (a "plan" for CI). Renders DIR as the
 * application's source and compares it with the live state: changed, added
 * and to-be-pruned resources, each as a coloured diff, and a summary.
 * Direct mode only (it reads local files and uses the kubeconfig).
 * Exit 0: no differences; 1: differences; 2: error (bad directory, invalid
 * YAML, render failure, cluster unreachable, usage).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { KeelsonError } from '../core/index.js';
import { parseBoolean } from './args.js';
import { openDirectBackend, type BackendFlags } from './backend.js';
import { ExitCode, reportErrors, usageErrorsExit2 } from './exit.js';
import {
  countDifferences,
  formatApplicationDiff,
  formatDiffSummary,
  hasDifferences,
  painter,
  parseColorMode,
  shouldColor,
  type ColorMode,
} from './output/index.js';

interface DiffLocalOptions extends Omit<BackendFlags, 'core' | 'server'> {
  readonly local: string;
  readonly app: string;
  readonly destNamespace?: string;
  readonly project?: string;
  readonly color: ColorMode;
  readonly exitCode: boolean;
}

/** `--local` is not a readable directory. */
export class LocalDirectoryError extends KeelsonError {}

async function checkDirectory(dir: string): Promise<string> {
  const path = resolve(dir);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new LocalDirectoryError(`--local ${dir}: no such directory`);
  return path;
}

export function registerDiffCommand(program: Command): void {
  const command = program
    .command('diff')
    .description(
      'compare a working copy with the live state of an application (exit 0 none, 1 differences, 2 error)',
    )
    .requiredOption(
      '--local <dir>',
      'directory to render instead of the Git source (the app path is not applied)',
    )
    .requiredOption(
      '--app <name>',
      'application; a new one of that name is assumed when it does not exist',
    )
    .option(
      '--dest-namespace <ns>',
      "destination namespace (default: the application's, else default)",
    )
    .option('--project <name>', 'project of a new application (default: default)')
    .option('--color <when>', 'auto, always or never', parseColorMode, 'auto')
    .option(
      '--exit-code <bool>',
      'exit 1 when there are differences (true|false)',
      parseBoolean,
      true,
    )
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option(
      '-n, --namespace <ns>',
      "namespace of Keelson's Applications (default: $KEELSON_NAMESPACE or keelson)",
    )
    .action(
      reportErrors(async (opts: DiffLocalOptions) => {
        const directory = await checkDirectory(opts.local);
        const open = await openDirectBackend(opts, { render: true });
        const diff = await open.backend.applications
          .diffLocal({
            application: opts.app,
            directory,
            ...(opts.destNamespace ? { destinationNamespace: opts.destNamespace } : {}),
            ...(opts.project ? { project: opts.project } : {}),
          })
          .finally(() => open.close());
        const paint = painter(shouldColor(opts.color, process.stdout, process.env));
        const counts = countDifferences(diff);
        process.stdout.write(formatApplicationDiff(diff, paint));
        process.stdout.write(formatDiffSummary(counts));
        if (opts.exitCode && hasDifferences(counts)) throw new ExitCode(1);
      }, 2),
    );
  usageErrorsExit2(command);
}
