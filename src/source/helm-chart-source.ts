import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { redact, runTool, ToolFailedError } from '../exec/index.js';
import { SharedTasks } from './concurrency.js';
import type { RepoCredentials } from './credentials.js';
import { ChartFetchError } from './errors.js';
import { chartVersionsFromIndex, pickChartVersion, type ChartVersionEntry } from './helm-index.js';
import { exists } from './mirror.js';
import { parseRepoUrl, safeDisplay } from './repo-url.js';
import { publishTree, removeTree, stagingDirFor } from './tree.js';

/** A chart in a Helm repository (`https://…`) or an OCI registry (`oci://host/path`). */
export interface ChartRef {
  readonly repoURL: string;
  readonly chart: string;
  readonly credentials?: RepoCredentials;
}

/** A chart version unpacked on disk, read-only and shared: never modify it. */
export interface ChartCheckout {
  /** Directory containing the chart directory. */
  readonly dir: string;
  /** The chart directory, relative to `dir` (the chart's name). */
  readonly path: string;
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
}

export interface HelmChartSourceOptions {
  /** Unpacked charts go under `charts/` here, one directory per repository, chart and version. */
  readonly cacheDir: string;
  /** helm binary; needed for OCI registries only. */
  readonly helmBinary?: string;
  readonly tarBinary?: string;
  /** Each download or `helm pull` (default 2 minutes). */
  readonly timeoutMs?: number;
  /** Largest chart archive accepted (default 20 MiB). */
  readonly maxChartBytes?: number;
  /** Largest repository index accepted (default 64 MiB). */
  readonly maxIndexBytes?: number;
  /** OCI registries (`host:port`) reached over plain HTTP instead of HTTPS (local registries only). */
  readonly plainHttpRegistries?: readonly string[];
  /** Environment helm and tar start from (PATH); default: PATH of this process. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface ChartRepoUrl {
  readonly kind: 'http' | 'oci';
  /** Without credentials and without a trailing slash. */
  readonly url: string;
  readonly display: string;
  readonly cacheName: string;
  readonly username?: string;
  readonly password?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const INDEX_TTL_MS = 30_000;

/**
 * Helm charts from chart repositories and OCI registries, at a pinned
 * version or a semver constraint (Helm repositories), unpacked once per
 * version into a read-only cache.
 *
 * Charts from HTTP repositories are downloaded here rather than with `helm
 * pull` so that credentials travel only in an Authorization header (never in
 * arguments or files), only to the repository's own origin, and the archive
 * is checked against the index's sha256 digest. OCI charts use `helm pull`
 * with a registry login file written in a private temporary directory.
 */
export class HelmChartSource {
  readonly options: HelmChartSourceOptions;
  readonly #pulls = new SharedTasks<ChartCheckout>();
  readonly #indexes = new Map<string, { readonly at: number; readonly yaml: string }>();

  constructor(options: HelmChartSourceOptions) {
    this.options = options;
  }

  /** The exact version `wanted` (a version, a constraint, or empty for the latest) resolves to. */
  async resolveVersion(ref: ChartRef, wanted?: string): Promise<string> {
    const repo = parseChartRepoUrl(ref.repoURL);
    checkName(repo.display, 'chart', ref.chart);
    if (repo.kind === 'oci') {
      const version = semver.valid((wanted ?? '').trim()) ? (wanted ?? '').trim() : undefined;
      if (!version)
        throw new ChartFetchError(
          repo.display,
          `chart "${ref.chart}": OCI charts need an exact version (got "${wanted ?? ''}")`,
          false,
        );
      return version;
    }
    return (await this.#entry(repo, ref, wanted)).version;
  }

  /** Resolves `wanted` and unpacks that version (from the cache when already there). */
  async fetchChart(ref: ChartRef, wanted?: string): Promise<ChartCheckout> {
    return this.pull(ref, await this.resolveVersion(ref, wanted));
  }

  /** Unpacks exactly `version` of the chart, downloading it unless cached. */
  async pull(ref: ChartRef, version: string): Promise<ChartCheckout> {
    const repo = parseChartRepoUrl(ref.repoURL);
    checkName(repo.display, 'chart', ref.chart);
    checkName(repo.display, 'chart version', version);
    const dir = join(this.options.cacheDir, 'charts', repo.cacheName, `${ref.chart}-${version}`);
    const done: ChartCheckout = {
      dir,
      path: ref.chart,
      chart: ref.chart,
      version,
      repo: repo.display,
    };
    if (await exists(dir)) return done;
    return this.#pulls.run(`${repo.url}|${ref.chart}|${version}`, async () => {
      if (await exists(dir)) return done;
      const work = await this.#privateDir();
      try {
        const archive =
          repo.kind === 'oci'
            ? await this.#pullOci(repo, ref, version, work)
            : await this.#download(repo, ref, version, work);
        await mkdir(join(this.options.cacheDir, 'charts', repo.cacheName), { recursive: true });
        const staging = stagingDirFor(dir);
        await mkdir(staging);
        try {
          await this.#unpack(repo, archive, staging);
          if (!(await exists(join(staging, ref.chart, 'Chart.yaml'))))
            throw new ChartFetchError(
              repo.display,
              `chart "${ref.chart}" ${version}: the archive has no ${ref.chart}/Chart.yaml`,
              false,
            );
          await publishTree(staging, dir);
        } catch (err) {
          await removeTree(staging);
          throw err;
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      return done;
    });
  }

  async #entry(
    repo: ChartRepoUrl,
    ref: ChartRef,
    wanted: string | undefined,
  ): Promise<ChartVersionEntry> {
    const cached = this.#indexes.get(repo.url);
    let yaml = cached && Date.now() - cached.at < INDEX_TTL_MS ? cached.yaml : undefined;
    if (!yaml) {
      const bytes = await this.#get(
        repo,
        ref,
        `${repo.url}/index.yaml`,
        this.options.maxIndexBytes ?? 64 * 1024 * 1024,
      );
      yaml = bytes.toString('utf8');
      this.#indexes.set(repo.url, { at: Date.now(), yaml });
    }
    return pickChartVersion(
      repo.display,
      ref.chart,
      chartVersionsFromIndex(repo.display, ref.chart, yaml),
      wanted,
    );
  }

  async #download(
    repo: ChartRepoUrl,
    ref: ChartRef,
    version: string,
    work: string,
  ): Promise<string> {
    const entry = await this.#entry(repo, ref, version);
    const first = entry.urls[0];
    if (!first)
      throw new ChartFetchError(
        repo.display,
        `chart "${ref.chart}" ${version}: the index lists no download URL`,
        false,
      );
    const url = new URL(first, `${repo.url}/`).href;
    const bytes = await this.#get(repo, ref, url, this.options.maxChartBytes ?? 20 * 1024 * 1024);
    if (entry.digest) {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== entry.digest.replace(/^sha256:/, ''))
        throw new ChartFetchError(
          repo.display,
          `chart "${ref.chart}" ${version}: digest mismatch (index says ${entry.digest}, got ${actual})`,
          false,
        );
    }
    const archive = join(work, 'chart.tgz');
    await writeFile(archive, bytes, { mode: 0o600 });
    return archive;
  }

  /** GET with basic auth sent only to the repository's own origin, a deadline and a size limit. */
  async #get(repo: ChartRepoUrl, ref: ChartRef, url: string, maxBytes: number): Promise<Buffer> {
    const username = ref.credentials?.username ?? repo.username;
    const password = ref.credentials?.password ?? repo.password;
    const headers: Record<string, string> = {};
    const sameOrigin = new URL(url).origin === new URL(repo.url).origin;
    if (sameOrigin && ref.credentials?.bearerToken)
      headers.authorization = `Bearer ${ref.credentials.bearerToken}`;
    else if (sameOrigin && password !== undefined)
      headers.authorization = `Basic ${Buffer.from(`${username ?? ''}:${password}`).toString('base64')}`;
    const shown = safeDisplay(url);
    let response: Response;
    try {
      response = await fetch(url, {
        headers,
        redirect: 'follow',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
      });
    } catch (err) {
      // fetch() says only "fetch failed"; the reason (ECONNREFUSED, a time-out, …) is its cause.
      const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why = [err instanceof Error ? err.message : String(err), cause?.code ?? cause?.message]
        .filter((p) => typeof p === 'string' && p)
        .join(': ');
      throw new ChartFetchError(
        repo.display,
        `GET ${shown} failed: ${redact(why, secretsOf(ref, repo))}`,
        true,
        err,
      );
    }
    if (!response.ok) {
      const auth = response.status === 401 || response.status === 403;
      throw new ChartFetchError(
        repo.display,
        `GET ${shown}: HTTP ${response.status}${auth ? ' (authentication failed)' : response.status === 404 ? ' (not found)' : ''}`,
        response.status >= 500 || response.status === 429,
      );
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes)
      throw new ChartFetchError(
        repo.display,
        `GET ${shown}: ${declared} bytes is more than the limit of ${maxBytes}`,
        false,
      );
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body ?? []) {
      total += (chunk as Uint8Array).byteLength;
      if (total > maxBytes)
        throw new ChartFetchError(
          repo.display,
          `GET ${shown}: larger than the limit of ${maxBytes} bytes`,
          false,
        );
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }

  async #pullOci(
    repo: ChartRepoUrl,
    ref: ChartRef,
    version: string,
    work: string,
  ): Promise<string> {
    const helm = this.options.helmBinary;
    if (!helm)
      throw new ChartFetchError(
        repo.display,
        'pulling charts from OCI registries needs a helm binary',
        false,
      );
    const host = new URL(repo.url.replace(/^oci:/, 'https:')).host;
    const username = ref.credentials?.username ?? repo.username;
    const password = ref.credentials?.password ?? repo.password;
    const registryConfig = join(work, 'registry.json');
    const auths: Record<string, { auth: string }> = {};
    if (password !== undefined)
      auths[host] = { auth: Buffer.from(`${username ?? ''}:${password}`).toString('base64') };
    await writeFile(registryConfig, JSON.stringify({ auths }), { mode: 0o600 });
    const out = join(work, 'out');
    await mkdir(out);
    const plainHttp = this.options.plainHttpRegistries?.includes(host) ?? false;
    try {
      await runTool(
        helm,
        [
          'pull',
          `${repo.url}/${ref.chart}`,
          '--version',
          version,
          '--destination',
          out,
          ...(plainHttp ? ['--plain-http'] : []),
        ],
        {
          env: { ...this.#env(), ...helmHome(work), HELM_REGISTRY_CONFIG: registryConfig },
          timeoutMs: this.options.timeoutMs ?? 120_000,
          redact: secretsOf(ref, repo),
        },
      );
    } catch (err) {
      const detail =
        err instanceof ToolFailedError
          ? err.timedOut
            ? 'timed out'
            : err.stderr.trim()
          : (err as Error).message;
      throw new ChartFetchError(
        repo.display,
        `helm pull of chart "${ref.chart}" ${version} failed: ${redact(detail, secretsOf(ref, repo))}`,
        err instanceof ToolFailedError &&
          (err.timedOut || /timeout|connection refused|5\d\d/i.test(err.stderr)),
        err,
      );
    }
    const archive = (await readdir(out)).find((f) => f.endsWith('.tgz'));
    if (!archive)
      throw new ChartFetchError(
        repo.display,
        `helm pull of chart "${ref.chart}" ${version} produced no archive`,
        false,
      );
    return join(out, archive);
  }

  /** GNU tar refuses members with `..` and strips leading `/`; symlinks are checked again at render time. */
  async #unpack(repo: ChartRepoUrl, archive: string, into: string): Promise<void> {
    try {
      await runTool(
        this.options.tarBinary ?? 'tar',
        ['-xzf', archive, '-C', into, '--no-same-owner', '--no-same-permissions'],
        {
          env: this.#env(),
          timeoutMs: this.options.timeoutMs ?? 120_000,
        },
      );
    } catch (err) {
      throw new ChartFetchError(
        repo.display,
        `cannot unpack the chart archive: ${(err as Error).message}`,
        false,
        err,
      );
    }
  }

  async #privateDir(): Promise<string> {
    const tmp = join(this.options.cacheDir, 'tmp');
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    return mkdtemp(join(tmp, 'chart-'));
  }

  #env(): NodeJS.ProcessEnv {
    return { ...(this.options.env ?? { PATH: process.env.PATH }) };
  }
}

/** Helm's own directories, inside a private work directory: no user config, repositories or plugins. */
export function helmHome(work: string): Record<string, string> {
  return {
    HOME: work,
    HELM_CACHE_HOME: join(work, 'helm-cache'),
    HELM_CONFIG_HOME: join(work, 'helm-config'),
    HELM_DATA_HOME: join(work, 'helm-data'),
    HELM_PLUGINS: join(work, 'helm-plugins'),
    KUBECONFIG: '/dev/null',
  };
}

function parseChartRepoUrl(raw: string): ChartRepoUrl {
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (/^oci:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed.replace(/^oci:/i, 'https:'));
    } catch {
      throw new ChartFetchError(safeDisplay(trimmed), 'not a valid OCI registry URL', false);
    }
    const username = url.username ? decodeURIComponent(url.username) : undefined;
    const password = url.password ? decodeURIComponent(url.password) : undefined;
    const clean = `oci://${url.host}${url.pathname.replace(/\/+$/, '')}`;
    return {
      kind: 'oci',
      url: clean,
      display: clean,
      cacheName: cacheNameOf(clean),
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
    };
  }
  const parsed = parseRepoUrl(trimmed, { allowLocalRepos: false });
  if (parsed.transport !== 'https' && parsed.transport !== 'http')
    throw new ChartFetchError(
      parsed.display,
      'a Helm repository URL must be https://, http:// or oci://',
      false,
    );
  const url = parsed.gitUrl.replace(/\/+$/, '');
  return {
    kind: 'http',
    url,
    display: url,
    cacheName: parsed.cacheName,
    ...(parsed.username ? { username: parsed.username } : {}),
    ...(parsed.password ? { password: parsed.password } : {}),
  };
}

function cacheNameOf(url: string): string {
  const slug = url
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(-48);
  return `${slug}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
}

function checkName(repo: string, what: string, value: string): void {
  if (!NAME.test(value) || value.includes('..'))
    throw new ChartFetchError(repo, `invalid ${what} "${value}"`, false);
}

function secretsOf(ref: ChartRef, repo: ChartRepoUrl): string[] {
  return [ref.credentials?.password, ref.credentials?.bearerToken, repo.password].filter(
    (s): s is string => !!s,
  );
}
