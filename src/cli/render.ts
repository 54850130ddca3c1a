import { readFile, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { KeelsonError } from '../core/index.js';
import { runTool } from '../exec/index.js';
import {
  detectSourceType,
  manifestsToYaml,
  parseSetArgument,
  renderManifests,
  type RenderTools,
} from '../render/index.js';
import {
  GitSource,
  HelmChartSource,
  checkRelativePath,
  resolveDirectoryInside,
  type ApplicationSource,
  type HelmParameter,
  type RepoCredentials,
  type SourceType,
} from '../source/index.js';
import { cacheRoot, ensureTools } from '../testenv/index.js';

interface RenderFlags {
  readonly local?: string;
  readonly revision: string;
  readonly path: string;
  readonly type?: SourceType;
  readonly chart?: string;
  readonly valuesFile: string[];
  readonly set: string[];
  readonly setString: string[];
  readonly releaseName?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  readonly apiVersions: string[];
  readonly skipCrds?: boolean;
  readonly recurse?: boolean;
  readonly include?: string;
  readonly exclude?: string;
  readonly allowLocalRepos?: boolean;
  readonly allowRemoteBases?: boolean;
  readonly cacheDir?: string;
  readonly timeout: number;
  readonly helm?: string;
  readonly kustomize?: string;
}

/** Wrong or contradictory command-line input. */
class RenderUsageError extends KeelsonError {}

/**
 * `keelson render`: prints an application source's manifests as deterministic
 * multi-document YAML. Credentials for private repositories come from the
 * environment (KEELSON_REPO_USERNAME, KEELSON_REPO_PASSWORD,
 * KEELSON_REPO_BEARER_TOKEN, KEELSON_REPO_SSH_KEY_FILE,
 * KEELSON_SSH_KNOWN_HOSTS_FILE), never from arguments.
 */
export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('render an application source to Kubernetes manifests (YAML on stdout)')
    .argument('[repoURL]', 'Git repository, or a Helm repository / oci:// registry with --chart')
    .option('--local <dir>', 'render a working copy on disk instead of a repository URL')
    .option(
      '--revision <revision>',
      'branch, tag, commit, HEAD or semver constraint (chart version with --chart)',
      'HEAD',
    )
    .option('--path <path>', 'directory inside the repository (with --local: inside <dir>)', '.')
    .option('--type <type>', 'directory, kustomize or helm (default: detected)', parseType)
    .option('--chart <name>', 'chart name; repoURL is then a Helm repository or oci:// registry')
    .option(
      '--values-file <file>',
      'Helm value file inside the repository (repeatable)',
      collect,
      [],
    )
    .option('--set <key=value>', 'Helm parameter (repeatable)', collect, [])
    .option('--set-string <key=value>', 'Helm string parameter (repeatable)', collect, [])
    .option('--release-name <name>', 'Helm release name')
    .option(
      '--namespace <namespace>',
      'namespace: Helm --namespace, or the Kustomize namespace override',
    )
    .option('--kube-version <version>', "destination's Kubernetes version (Helm capabilities)")
    .option(
      '--api-versions <version>',
      "destination's API versions (Helm capabilities; repeatable)",
      collect,
      [],
    )
    .option('--skip-crds', 'Helm: leave out the chart’s CRDs')
    .option('--recurse', 'directory: include subdirectories')
    .option('--include <glob>', 'directory: only files matching')
    .option('--exclude <glob>', 'directory: skip files matching')
    .option('--allow-local-repos', 'accept file:// URLs and local repository paths')
    .option('--allow-remote-bases', 'let kustomize fetch remote bases')
    .option(
      '--cache-dir <dir>',
      'cache for repositories and charts (default: $KEELSON_CACHE_DIR/sources)',
    )
    .option('--timeout <seconds>', 'render time-out', parsePositive, 60)
    .option('--helm <path>', 'helm binary (default: the pinned build)')
    .option('--kustomize <path>', 'kustomize binary (default: the pinned build)')
    .action(async (repoURL: string | undefined, flags: RenderFlags) => {
      process.stdout.write(await runRender(repoURL, flags));
    });
}

async function runRender(repoURL: string | undefined, flags: RenderFlags): Promise<string> {
  if (!repoURL === !flags.local)
    throw new RenderUsageError('render: give either a repository URL or --local <dir>');
  const env = process.env;
  const cacheDir = flags.cacheDir ?? join(cacheRoot(env), 'sources');
  const toolEnv = {
    PATH: env.PATH,
    HTTPS_PROXY: env.HTTPS_PROXY,
    HTTP_PROXY: env.HTTP_PROXY,
    NO_PROXY: env.NO_PROXY,
  };
  const credentials = await credentialsFromEnv(env);

  let root: string;
  let path: string;
  let chartPath: string | undefined;
  if (flags.local) {
    ({ root, path } = await localWorkingCopy(flags.local, flags.path));
  } else if (flags.chart) {
    const charts = new HelmChartSource({
      cacheDir,
      ...(flags.helm ? { helmBinary: flags.helm } : {}),
      env: toolEnv,
    });
    const chart = await charts.fetchChart(
      { repoURL: repoURL ?? '', chart: flags.chart, ...(credentials ? { credentials } : {}) },
      flags.revision === 'HEAD' ? undefined : flags.revision,
    );
    root = chart.dir;
    path = chart.path;
    chartPath = chart.path;
  } else {
    const git = new GitSource({
      cacheDir,
      allowLocalRepos: flags.allowLocalRepos ?? false,
      ...(await knownHostsFromEnv(env)),
      env: toolEnv,
    });
    const checkout = await git.fetchRevision(
      { url: repoURL ?? '', ...(credentials ? { credentials } : {}) },
      flags.revision,
    );
    root = checkout.dir;
    path = checkRelativePath(flags.path);
  }

  const appDir = await resolveDirectoryInside(await realpath(root), path, 'application path');
  const type = chartPath
    ? 'helm'
    : (flags.type ?? (await detectSourceType({ repoURL: repoURL ?? 'local', path }, appDir)));
  const source = sourceSpec(repoURL ?? flags.local ?? '', path, type, flags);
  const tools = await toolsFor(type, flags);
  const manifests = await renderManifests(source, root, tools, {
    timeoutMs: flags.timeout * 1000,
    allowRemoteBases: flags.allowRemoteBases ?? false,
    env: toolEnv,
  });
  return manifestsToYaml(manifests);
}

/** The Application source the flags describe; flags that do not apply to the type are errors, not ignored. */
function sourceSpec(
  repoURL: string,
  path: string,
  type: SourceType,
  flags: RenderFlags,
): ApplicationSource {
  const helmOnly: [string, boolean][] = [
    ['--values-file', flags.valuesFile.length > 0],
    ['--set', flags.set.length > 0],
    ['--set-string', flags.setString.length > 0],
    ['--release-name', flags.releaseName !== undefined],
    ['--kube-version', flags.kubeVersion !== undefined],
    ['--api-versions', flags.apiVersions.length > 0],
    ['--skip-crds', flags.skipCrds === true],
  ];
  const directoryOnly: [string, boolean][] = [
    ['--recurse', flags.recurse === true],
    ['--include', flags.include !== undefined],
    ['--exclude', flags.exclude !== undefined],
  ];
  const misplaced = [
    ...(type !== 'helm' ? helmOnly : []),
    ...(type !== 'directory' ? directoryOnly : []),
    ...(type === 'directory'
      ? ([['--namespace', flags.namespace !== undefined]] as [string, boolean][])
      : []),
  ].filter(([, given]) => given);
  if (misplaced.length)
    throw new RenderUsageError(
      `render: ${misplaced.map(([f]) => f).join(', ')} cannot be used with ${path} (rendered as ${type})`,
    );
  const base = { repoURL, path };
  switch (type) {
    case 'directory':
      return {
        ...base,
        directory: {
          ...(flags.recurse ? { recurse: true } : {}),
          ...(flags.include ? { include: flags.include } : {}),
          ...(flags.exclude ? { exclude: flags.exclude } : {}),
        },
      };
    case 'kustomize':
      return { ...base, kustomize: flags.namespace ? { namespace: flags.namespace } : {} };
    case 'helm': {
      const parameters: HelmParameter[] = [
        ...flags.set.map(parseSetArgument),
        ...flags.setString.map((s) => ({ ...parseSetArgument(s), forceString: true })),
      ];
      return {
        ...base,
        helm: {
          valueFiles: flags.valuesFile,
          parameters,
          ...(flags.releaseName ? { releaseName: flags.releaseName } : {}),
          ...(flags.namespace ? { namespace: flags.namespace } : {}),
          ...(flags.kubeVersion ? { kubeVersion: flags.kubeVersion } : {}),
          ...(flags.apiVersions.length ? { apiVersions: flags.apiVersions } : {}),
          ...(flags.skipCrds ? { skipCrds: true } : {}),
        },
      };
    }
  }
}

async function toolsFor(type: SourceType, flags: RenderFlags): Promise<RenderTools> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (type === 'helm') return { helm: flags.helm ?? (await ensureTools(['helm'], { log })).helm };
  if (type === 'kustomize')
    return { kustomize: flags.kustomize ?? (await ensureTools(['kustomize'], { log })).kustomize };
  return {};
}

/**
 * A working copy: the repository root is the enclosing Git work tree (so
 * overlays may refer to `../../base`), or the directory itself outside Git.
 */
async function localWorkingCopy(
  dir: string,
  subPath: string,
): Promise<{ root: string; path: string }> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    throw new RenderUsageError(`render: --local ${dir}: no such directory`);
  }
  let root = real;
  try {
    const { stdout } = await runTool('git', ['-C', real, 'rev-parse', '--show-toplevel'], {
      timeoutMs: 10_000,
      env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
    });
    if (stdout.trim()) root = await realpath(stdout.trim());
  } catch {
    // not inside a Git work tree: the directory itself is the root
  }
  const base = relative(root, real) || '.';
  return { root, path: checkRelativePath(join(base, checkRelativePath(subPath))) };
}

async function credentialsFromEnv(env: NodeJS.ProcessEnv): Promise<RepoCredentials | undefined> {
  const keyFile = env.KEELSON_REPO_SSH_KEY_FILE;
  const credentials: RepoCredentials = {
    ...(env.KEELSON_REPO_USERNAME ? { username: env.KEELSON_REPO_USERNAME } : {}),
    ...(env.KEELSON_REPO_PASSWORD ? { password: env.KEELSON_REPO_PASSWORD } : {}),
    ...(env.KEELSON_REPO_BEARER_TOKEN ? { bearerToken: env.KEELSON_REPO_BEARER_TOKEN } : {}),
    ...(keyFile ? { sshPrivateKey: await readFile(keyFile, 'utf8') } : {}),
  };
  return Object.keys(credentials).length ? credentials : undefined;
}

async function knownHostsFromEnv(env: NodeJS.ProcessEnv): Promise<{ knownHosts?: string }> {
  const file = env.KEELSON_SSH_KNOWN_HOSTS_FILE ?? join(homedir(), '.ssh', 'known_hosts');
  const content = await readFile(file, 'utf8').catch(() => undefined);
  return content ? { knownHosts: content } : {};
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseType(value: string): SourceType {
  if (value === 'directory' || value === 'kustomize' || value === 'helm') return value;
  throw new InvalidArgumentError('expected directory, kustomize or helm');
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}
