import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { parse } from 'yaml';
import {
  helmHome,
  InvalidSourceError,
  joinUserPath,
  PathNotFoundError,
  resolveInside,
  type ApplicationSourceHelm,
} from '../source/index.js';
import { InvalidManifestError } from './errors.js';
import { helmTemplateArgs } from './helm-args.js';
import { parseManifestYaml } from './parse-yaml.js';
import { runRenderTool } from './tool-run.js';
import type { RenderedManifest, RenderOptions } from './types.js';

export interface HelmRender {
  readonly root: string;
  /** Real path of the chart directory. */
  readonly chartDir: string;
  /** Chart path relative to the root, for messages. */
  readonly path: string;
  readonly helm?: ApplicationSourceHelm;
  readonly helmBinary: string;
  readonly options: RenderOptions;
  readonly deadline: number;
}

/**
 * `helm template` of a chart directory. Value files and `--set-file` paths
 * must resolve inside the repository (or the unpacked chart); URLs are
 * refused. Helm runs with private, empty home directories (no user
 * repositories, plugins or kubeconfig) and an empty PATH.
 */
export async function renderHelm(r: HelmRender): Promise<RenderedManifest[]> {
  const h = r.helm ?? {};
  const chart = await readChartMeta(r.chartDir, r.path);
  const valueFiles: string[] = [];
  for (const file of h.valueFiles ?? []) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file))
      throw new InvalidSourceError(
        r.path,
        `value file "${file}": only files inside the repository are allowed, not URLs`,
      );
    try {
      valueFiles.push(await resolveInside(r.root, joinUserPath(r.path, file), 'value file'));
    } catch (err) {
      if (err instanceof PathNotFoundError && h.ignoreMissingValueFiles) continue;
      throw err;
    }
  }
  const fileParameters = [];
  for (const p of h.fileParameters ?? [])
    fileParameters.push({
      name: p.name,
      path: await resolveInside(r.root, joinUserPath(r.path, p.path), `file parameter ${p.name}`),
    });

  const work = await realpath(await mkdtemp(join(r.options.tmpDir ?? tmpdir(), 'keelson-helm-')));
  try {
    let inlineValuesFile: string | undefined;
    const inline = h.valuesObject ? JSON.stringify(h.valuesObject) : h.values;
    if (inline?.trim()) {
      inlineValuesFile = join(work, 'inline-values.yaml');
      await writeFile(inlineValuesFile, inline, { mode: 0o600 });
    }
    const namespace = h.namespace ?? r.options.namespace;
    const kubeVersion = h.kubeVersion ?? r.options.kubeVersion;
    const apiVersions = h.apiVersions ?? r.options.apiVersions;
    const args = helmTemplateArgs({
      releaseName: h.releaseName ?? r.options.appName ?? chart.name,
      chartDir: r.chartDir,
      ...(namespace ? { namespace } : {}),
      ...(kubeVersion ? { kubeVersion } : {}),
      ...(apiVersions ? { apiVersions } : {}),
      valueFiles,
      ...(inlineValuesFile ? { inlineValuesFile } : {}),
      ...(h.parameters ? { parameters: h.parameters } : {}),
      fileParameters,
      skipCrds: h.skipCrds ?? false,
      skipTests: h.skipTests ?? false,
      skipSchemaValidation: h.skipSchemaValidation ?? false,
    });
    const stdout = await runRenderTool({
      binary: r.helmBinary,
      args,
      path: r.path,
      what: 'helm template',
      env: { ...helmHome(work), PATH: '' },
      deadline: r.deadline,
      timeoutMs: r.options.timeoutMs,
      maxOutputBytes: r.options.maxOutputBytes,
      pathsToShorten: [
        [`${r.root}${sep}`, ''],
        [work, '(inline values)'],
      ],
    });
    return parseHelmOutput(stdout, r, chart);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function parseHelmOutput(
  stdout: string,
  r: HelmRender,
  chart: { name: string; version?: string },
): RenderedManifest[] {
  try {
    return parseManifestYaml(stdout, `helm template ${r.path}`, r.options).map((m) => {
      const template = /^\s*Source:\s*(\S.*)$/m.exec(m.comment ?? '')?.[1]?.trim();
      return {
        object: m.object,
        origin: {
          type: 'helm',
          chart: chart.name,
          ...(chart.version ? { version: chart.version } : {}),
          ...(template ? { template } : {}),
        },
      };
    });
  } catch (err) {
    // Name the template that produced the bad document, not a line of helm's output.
    if (err instanceof InvalidManifestError && err.line) {
      const before = stdout.split('\n').slice(0, err.line);
      const source = before.reverse().find((l) => l.startsWith('# Source: '));
      if (source)
        throw new InvalidManifestError(
          source.slice('# Source: '.length).trim(),
          undefined,
          undefined,
          `(helm output line ${err.line}) ${err.reason}`,
        );
    }
    throw err;
  }
}

async function readChartMeta(
  chartDir: string,
  path: string,
): Promise<{ name: string; version?: string }> {
  let meta: unknown;
  try {
    meta = parse(await readFile(join(chartDir, 'Chart.yaml'), 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new PathNotFoundError(`${path}/Chart.yaml`, 'Helm chart file');
    throw new InvalidManifestError(
      `${path}/Chart.yaml`,
      undefined,
      undefined,
      `invalid Chart.yaml: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const m = (typeof meta === 'object' && meta !== null ? meta : {}) as {
    name?: unknown;
    version?: unknown;
  };
  if (typeof m.name !== 'string' || !m.name)
    throw new InvalidManifestError(
      `${path}/Chart.yaml`,
      undefined,
      undefined,
      'Chart.yaml has no name',
    );
  return { name: m.name, ...(typeof m.version === 'string' ? { version: m.version } : {}) };
}
