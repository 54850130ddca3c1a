import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../core/index.js';
import {
  isWithin,
  joinUserPath,
  resolveDirectoryInside,
  resolveInside,
  type ApplicationSourceKustomize,
} from '../source/index.js';
import { checkKustomizeRefs } from './kustomize-refs.js';
import { wrapperKustomization } from './kustomize-overrides.js';
import { parseManifestYaml } from './parse-yaml.js';
import { pickEnv, runRenderTool } from './tool-run.js';
import type { RenderedManifest, RenderOptions } from './types.js';

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface KustomizeRender {
  readonly root: string;
  readonly appDir: string;
  /** Application path relative to the root, for messages and provenance. */
  readonly path: string;
  readonly overrides?: ApplicationSourceKustomize;
  readonly kustomize: string;
  readonly options: RenderOptions;
  readonly deadline: number;
}

/**
 * `kustomize build` with the load restrictor on, through a wrapper
 * kustomization in a private temporary directory that carries the
 * Application's overrides, so the read-only checkout is never modified.
 * Remote bases are refused beforehand unless allowed; without them kustomize
 * also runs with an empty PATH, so it could not run git even if asked to.
 */
export async function renderKustomize(r: KustomizeRender): Promise<RenderedManifest[]> {
  await checkKustomizeRefs(r.root, r.appDir, r.options.allowRemoteBases);
  const work = await realpath(
    await mkdtemp(join(r.options.tmpDir ?? tmpdir(), 'keelson-kustomize-')),
  );
  try {
    const components: string[] = [];
    for (const c of r.overrides?.components ?? [])
      components.push(
        relative(
          work,
          await resolveDirectoryInside(r.root, joinUserPath(r.path, c), 'kustomize component'),
        ),
      );
    const wrapper = wrapperKustomization(
      { ...r.overrides, ...(r.overrides?.patches ? { patches: await inlinePatches(r) } : {}) },
      relative(work, r.appDir),
      components,
    );
    await writeFile(join(work, 'kustomization.yaml'), stringify(wrapper));
    const env = r.options.env ?? { PATH: process.env.PATH };
    const stdout = await runRenderTool({
      binary: r.kustomize,
      args: ['build', work, '--load-restrictor', 'LoadRestrictionsRootOnly'],
      path: r.path,
      what: 'kustomize build',
      env: {
        HOME: work,
        ...(r.options.allowRemoteBases
          ? pickEnv(env, [
              'PATH',
              'HTTPS_PROXY',
              'HTTP_PROXY',
              'NO_PROXY',
              'https_proxy',
              'http_proxy',
              'no_proxy',
            ])
          : { PATH: '' }),
      },
      deadline: r.deadline,
      timeoutMs: r.options.timeoutMs,
      maxOutputBytes: r.options.maxOutputBytes,
      pathsToShorten: [
        [`${r.root}${sep}`, ''],
        [work, '(overrides)'],
      ],
    });
    return parseManifestYaml(stdout, `kustomize build ${r.path}`, r.options).map((m) => {
      const { object, file } = takeOrigin(m.object, work, r.root);
      return { object, origin: { type: 'kustomize', overlay: r.path, ...(file ? { file } : {}) } };
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Patches given by `path` are read (inside the repository only) and passed inline. */
async function inlinePatches(
  r: KustomizeRender,
): Promise<NonNullable<ApplicationSourceKustomize['patches']>> {
  const out = [];
  for (const p of r.overrides?.patches ?? []) {
    if (!p.path) {
      out.push(p);
      continue;
    }
    const file = await resolveInside(r.root, joinUserPath(r.path, p.path), 'kustomize patch');
    out.push({
      patch: await readFile(file, 'utf8'),
      ...(p.target ? { target: p.target } : {}),
      ...(p.options ? { options: p.options } : {}),
    });
  }
  return out;
}

/** Reads and removes the origin annotation kustomize added; returns the file relative to the root. */
function takeOrigin(
  object: KubeObject,
  work: string,
  root: string,
): { object: KubeObject; file?: string } {
  const annotations = object.metadata.annotations;
  const raw = annotations?.[ORIGIN_ANNOTATION];
  if (raw === undefined || !annotations) return { object };
  const rest = Object.fromEntries(
    Object.entries(annotations).filter(([k]) => k !== ORIGIN_ANNOTATION),
  );
  const metadata = Object.fromEntries(
    Object.entries(object.metadata).filter(([k]) => k !== 'annotations'),
  );
  const cleaned: KubeObject = {
    ...object,
    metadata: Object.keys(rest).length ? { ...metadata, annotations: rest } : metadata,
  };
  let origin: unknown;
  try {
    origin = parse(raw);
  } catch {
    return { object: cleaned };
  }
  if (typeof origin !== 'object' || origin === null) return { object: cleaned };
  const o = origin as { path?: unknown; repo?: unknown; configuredIn?: unknown };
  const path =
    typeof o.path === 'string'
      ? o.path
      : typeof o.configuredIn === 'string'
        ? o.configuredIn
        : undefined;
  if (!path) return { object: cleaned };
  if (typeof o.repo === 'string') return { object: cleaned, file: `${o.repo}//${path}` };
  const absolute = isAbsolute(path) ? path : join(work, path);
  if (!isWithin(root, absolute)) return { object: cleaned };
  const file = relative(root, absolute);
  return { object: cleaned, file: sep === '/' ? file : file.split(sep).join('/') };
}
