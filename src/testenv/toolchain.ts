import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeelsonError, errorMessage } from '../core/index.js';
import { runTool } from '../exec/index.js';
import { ensureGo } from './prerequisites.js';
import { cacheRoot, packageRoot } from './paths.js';
import { withDirectoryLock } from './lock.js';

/** The external programs the project builds from pinned Go modules. */
export type ToolName =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'kubectl'
  | 'kwok'
  | 'helm'
  | 'kustomize'
  | 'sops'
  | 'age'
  | 'age-keygen';

/** Absolute path of each requested tool. */
export type ToolPaths = Readonly<Record<ToolName, string>>;

interface GoBinary {
  readonly tool: ToolName;
  readonly pkg: string;
  /** The name `go build -o dir/` gives the binary (last element, major-version suffix dropped). */
  readonly builtAs: string;
}

/** One Go module under tools/ whose go.mod/go.sum pin everything it builds. */
interface ToolModule {
  readonly dir: string;
  /** The module whose pinned version names the build (and stamps the binaries). */
  readonly versionOf: string;
  readonly binaries: readonly GoBinary[];
  /** Version stamping, so `kubectl version` and `/version` report a real version. */
  readonly ldflags: (version: string) => readonly string[];
}

const kubeVersionFlags = (v: string): string[] => {
  const [major, minor] = v.replace(/^v/, '').split('.');
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((p) => [
    `-X ${p}.gitVersion=${v}`,
    `-X ${p}.gitMajor=${major ?? ''}`,
    `-X ${p}.gitMinor=${minor ?? ''}`,
    `-X ${p}.gitTreeState=clean`,
  ]);
};

const MODULES: readonly ToolModule[] = [
  {
    dir: 'kubernetes',
    versionOf: 'k8s.io/kubernetes',
    binaries: [
      { tool: 'etcd', pkg: 'go.etcd.io/etcd/server/v3', builtAs: 'server' },
      {
        tool: 'kube-apiserver',
        pkg: 'k8s.io/kubernetes/cmd/kube-apiserver',
        builtAs: 'kube-apiserver',
      },
      {
        tool: 'kube-controller-manager',
        pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager',
        builtAs: 'kube-controller-manager',
      },
      {
        tool: 'kube-scheduler',
        pkg: 'k8s.io/kubernetes/cmd/kube-scheduler',
        builtAs: 'kube-scheduler',
      },
      { tool: 'kubectl', pkg: 'k8s.io/kubernetes/cmd/kubectl', builtAs: 'kubectl' },
    ],
    ldflags: kubeVersionFlags,
  },
  {
    dir: 'kwok',
    versionOf: 'sigs.k8s.io/kwok',
    binaries: [{ tool: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok', builtAs: 'kwok' }],
    ldflags: (v) => [`-X sigs.k8s.io/kwok/pkg/consts.Version=${v}`],
  },
  {
    dir: 'helm',
    versionOf: 'helm.sh/helm/v3',
    binaries: [{ tool: 'helm', pkg: 'helm.sh/helm/v3/cmd/helm', builtAs: 'helm' }],
    ldflags: (v) => [`-X helm.sh/helm/v3/internal/version.version=${v}`],
  },
  {
    dir: 'kustomize',
    versionOf: 'sigs.k8s.io/kustomize/kustomize/v5',
    binaries: [
      { tool: 'kustomize', pkg: 'sigs.k8s.io/kustomize/kustomize/v5', builtAs: 'kustomize' },
    ],
    ldflags: () => [],
  },
  {
    dir: 'sops',
    versionOf: 'github.com/getsops/sops/v3',
    binaries: [{ tool: 'sops', pkg: 'github.com/getsops/sops/v3/cmd/sops', builtAs: 'sops' }],
    ldflags: () => [],
  },
  {
    dir: 'age',
    versionOf: 'filippo.io/age',
    binaries: [
      { tool: 'age', pkg: 'filippo.io/age/cmd/age', builtAs: 'age' },
      { tool: 'age-keygen', pkg: 'filippo.io/age/cmd/age-keygen', builtAs: 'age-keygen' },
    ],
    ldflags: () => [],
  },
];

export const ALL_TOOLS: readonly ToolName[] = MODULES.flatMap((m) => m.binaries.map((b) => b.tool));

/** Building a tool from its pinned Go module failed. */
export class ToolBuildError extends KeelsonError {
  constructor(
    readonly module: string,
    readonly logPath: string,
    cause: unknown,
  ) {
    super(
      `building ${module} tools with go failed (full log: ${logPath}): ${errorMessage(cause)}`,
      {
        cause,
      },
    );
  }
}

export interface EnsureToolsOptions {
  /** Progress lines for people ("building kubernetes v1.34.4 ..."). */
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Returns the path of each requested tool, building missing ones from the
 * pinned Go modules under `tools/` into a per-user cache keyed by module,
 * version and go.sum hash. With `KEELSON_BIN_DIR` set, tools are taken from
 * that directory instead and nothing is built.
 */
export async function ensureTools(
  tools: readonly ToolName[],
  options: EnsureToolsOptions = {},
): Promise<ToolPaths> {
  const env = options.env ?? process.env;
  const found: Partial<Record<ToolName, string>> = {};
  if (env.KEELSON_BIN_DIR) {
    for (const tool of tools)
      found[tool] = await requireExecutable(join(env.KEELSON_BIN_DIR, tool), tool);
    return found as ToolPaths;
  }
  const modules = MODULES.filter((m) => m.binaries.some((b) => tools.includes(b.tool)));
  for (const module of modules) {
    const dir = await ensureModuleBuilt(module, env, options.log ?? (() => undefined));
    for (const b of module.binaries) found[b.tool] = join(dir, b.tool);
  }
  return found as ToolPaths;
}

async function requireExecutable(path: string, tool: string): Promise<string> {
  try {
    await access(path, constants.X_OK);
    return path;
  } catch {
    throw new KeelsonError(
      `${tool}: not found as an executable at ${path} (KEELSON_BIN_DIR is set)`,
    );
  }
}

async function moduleIdentity(module: ToolModule): Promise<{ version: string; key: string }> {
  const moduleDir = join(packageRoot(), 'tools', module.dir);
  const goMod = await readFile(join(moduleDir, 'go.mod'), 'utf8');
  const goSum = await readFile(join(moduleDir, 'go.sum'), 'utf8');
  const version = findRequiredVersion(goMod, module.versionOf);
  if (!version)
    throw new KeelsonError(`tools/${module.dir}/go.mod: cannot find the pinned version`);
  const hash = createHash('sha256').update(goMod).update(goSum).digest('hex').slice(0, 12);
  return { version, key: `${module.dir}-${version}-${hash}` };
}

/** Finds the version go.mod requires for the module that provides `pkg`. */
export function findRequiredVersion(goMod: string, pkg: string): string | undefined {
  let best: { path: string; version: string } | undefined;
  for (const match of goMod.matchAll(/^\s*(?:require\s+)?(\S+)\s+(v\d+\.\d+\.\d+\S*)/gm)) {
    const [, path, version] = match;
    if (!path || !version || path.includes('=>')) continue;
    if ((pkg === path || pkg.startsWith(`${path}/`)) && (!best || path.length > best.path.length)) {
      best = { path, version };
    }
  }
  return best?.version;
}

async function ensureModuleBuilt(
  module: ToolModule,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string> {
  const { version, key } = await moduleIdentity(module);
  const toolsDir = join(cacheRoot(env), 'tools');
  const outDir = join(toolsDir, key);
  const marker = join(outDir, '.complete');
  if (await exists(marker)) return outDir;
  await mkdir(toolsDir, { recursive: true });
  return withDirectoryLock(join(toolsDir, `${key}.lock`), async () => {
    if (await exists(marker)) return outDir; // another process built it while we waited
    await ensureGo(env);
    log(
      `building ${module.binaries.map((b) => b.tool).join(', ')} (${version}) from tools/${module.dir} ...`,
    );
    const started = Date.now();
    await buildModule(module, version, outDir, env);
    log(
      `built ${module.dir} ${version} in ${Math.round((Date.now() - started) / 1000)} s → ${outDir}`,
    );
    return outDir;
  });
}

async function buildModule(
  module: ToolModule,
  version: string,
  outDir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const staging = `${outDir}.partial`;
  const logPath = `${outDir}.build.log`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const ldflags = ['-s', '-w', ...module.ldflags(version)].join(' ');
  const args = [
    'build',
    '-trimpath',
    `-ldflags=${ldflags}`,
    '-o',
    `${staging}/`,
    ...module.binaries.map((b) => b.pkg),
  ];
  try {
    const result = await runTool('go', args, {
      cwd: join(packageRoot(), 'tools', module.dir),
      // The pinned go.sum is authoritative: never let a build rewrite it.
      env: { ...env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
      timeoutMs: 60 * 60 * 1000,
    });
    await writeFile(logPath, result.stderr);
  } catch (err) {
    await writeFile(logPath, errorMessage(err));
    await rm(staging, { recursive: true, force: true });
    throw new ToolBuildError(module.dir, logPath, err);
  }
  for (const b of module.binaries) {
    if (b.builtAs !== b.tool) await rename(join(staging, b.builtAs), join(staging, b.tool));
  }
  await writeFile(join(staging, '.complete'), `${version}\n`);
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
