import { realpath } from 'node:fs/promises';
import { describeObject, formatResourceKey, resourceKeyOf } from '../core/index.js';
import {
  checkRelativePath,
  resolveDirectoryInside,
  type ApplicationSource,
  type SourceType,
} from '../source/index.js';
import { detectSourceType } from './detect.js';
import { renderDirectory } from './directory.js';
import { DuplicateManifestError, MissingToolError, NoManifestsError } from './errors.js';
import { renderHelm } from './helm.js';
import { renderKustomize } from './kustomize.js';
import {
  defaultRenderOptions,
  describeOrigin,
  type RenderedManifest,
  type RenderOptions,
  type RenderTools,
} from './types.js';

/** What a render produced, and how. */
export interface RenderOutcome {
  readonly type: SourceType;
  readonly manifests: readonly RenderedManifest[];
}

/**
 * Renders the source's `path` inside `checkoutDir` (a Git checkout or an
 * unpacked chart) into manifests with provenance. The type is the one the
 * source sets, else detected. Never returns a partial result: any failure —
 * bad path, bad YAML, a tool error, a time-out — throws, and so does an empty
 * result unless `allowEmpty` (an empty list must never be mistaken for
 * "delete everything"). Two manifests for the same object are an error too.
 */
export async function renderManifests(
  source: ApplicationSource,
  checkoutDir: string,
  tools: RenderTools,
  options: Partial<RenderOptions> = {},
): Promise<RenderedManifest[]> {
  return [...(await renderWithType(source, checkoutDir, tools, options)).manifests];
}

/** {@link renderManifests}, also saying which type was rendered. */
export async function renderWithType(
  source: ApplicationSource,
  checkoutDir: string,
  tools: RenderTools,
  options: Partial<RenderOptions> = {},
): Promise<RenderOutcome> {
  const opts: RenderOptions = { ...defaultRenderOptions(), ...definedOnly(options) };
  const deadline = Date.now() + opts.timeoutMs;
  const root = await realpath(checkoutDir);
  const path = checkRelativePath(source.path ?? '.');
  const appDir = await resolveDirectoryInside(root, path, 'application path');
  const type = await detectSourceType(source, appDir);
  let manifests: RenderedManifest[];
  switch (type) {
    case 'directory':
      manifests = await renderDirectory({
        root,
        appDir,
        options: source.directory ?? {},
        limits: opts,
        deadline,
      });
      break;
    case 'kustomize':
      if (!tools.kustomize) throw new MissingToolError('kustomize', path);
      manifests = await renderKustomize({
        root,
        appDir,
        path,
        ...(source.kustomize ? { overrides: source.kustomize } : {}),
        kustomize: tools.kustomize,
        options: opts,
        deadline,
      });
      break;
    case 'helm':
      if (!tools.helm) throw new MissingToolError('helm', path);
      manifests = await renderHelm({
        root,
        chartDir: appDir,
        path,
        ...(source.helm ? { helm: source.helm } : {}),
        helmBinary: tools.helm,
        options: opts,
        deadline,
      });
      break;
  }
  checkNoDuplicates(manifests);
  if (manifests.length === 0 && !opts.allowEmpty) throw new NoManifestsError(path, type);
  return { type, manifests };
}

function checkNoDuplicates(manifests: readonly RenderedManifest[]): void {
  const seen = new Map<string, RenderedManifest>();
  for (const m of manifests) {
    if (!m.object.metadata.name) continue; // generateName: a new object each time
    const key = formatResourceKey(resourceKeyOf(m.object));
    const first = seen.get(key);
    if (first)
      throw new DuplicateManifestError(
        describeObject(m.object),
        describeOrigin(first.origin),
        describeOrigin(m.origin),
      );
    seen.set(key, m);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
