import { realpath, stat } from 'node:fs/promises';
import {
  API_VERSION,
  DEFAULT_PROJECT_NAME,
  asEngineSource,
  type Application,
} from '../apis/index.js';
import { listTrackedObjects } from '../cluster/index.js';
import { omitKeys } from '../core/index.js';
import { compareWithLive, renderApplicationSource } from '../controller/index.js';
import { IN_CLUSTER_SERVER, matchRepositoryCredentials } from '../credentials/index.js';
import { renderManifests, RenderError } from '../render/index.js';
import {
  InvalidSourceError,
  PathEscapeError,
  PathNotFoundError,
  RepositoryNotAllowedError,
  RevisionNotFoundError,
  SourceError,
} from '../source/index.js';
import type { BackendContext, DestinationAccess } from './context.js';
import { toApplicationDiff } from './diff-view.js';
import { BackendError, InvalidRequestError, NotFoundError, UnavailableError } from './errors.js';
import { toBackendError } from './kube-errors.js';
import type { ApplicationDiff, LocalDiffRequest, ResourceDiffView, ResourceRef } from './types.js';

/**
 * Rendering failures as front ends report them: a bad source, path or
 * manifest is the request's (or the repository's) problem, 400; Git or a
 * chart repository that cannot be reached is 503.
 */
function renderFailure(app: string, err: unknown): unknown {
  const mapped = toBackendError(err);
  if (mapped instanceof BackendError) return mapped;
  const message = `Application ${app}: ${err instanceof Error ? err.message : String(err)}`;
  if (
    err instanceof RenderError ||
    err instanceof RevisionNotFoundError ||
    err instanceof RepositoryNotAllowedError ||
    err instanceof InvalidSourceError ||
    err instanceof PathEscapeError ||
    err instanceof PathNotFoundError
  )
    return new InvalidRequestError(message, { cause: err });
  if (err instanceof SourceError) return new UnavailableError(message, { cause: err });
  return err;
}

async function compare(
  ctx: BackendContext,
  app: Application,
  destination: DestinationAccess,
  revision: string,
  desired: Parameters<typeof compareWithLive>[2],
): Promise<ApplicationDiff> {
  const name = app.metadata.name ?? '';
  try {
    const live = await listTrackedObjects(destination.connection, name);
    const result = await compareWithLive(destination.connection, app, desired, live);
    return toApplicationDiff(name, revision, result);
  } catch (err) {
    throw toBackendError(err, undefined, destination.server);
  }
}

/**
 * Renders the application's source at its target revision (or `revision`)
 * exactly as the controller does and compares it with the live objects that
 * carry the application's tracking marker.
 */
export async function diffApplication(
  ctx: BackendContext,
  name: string,
  revision?: string,
): Promise<ApplicationDiff> {
  const app = (await ctx.apps.get(name)) as Application;
  const destination = await ctx.destination(app.spec.destination);
  const { repositories } = await ctx.credentials();
  const credentials = matchRepositoryCredentials(app.spec.source.repoURL, repositories);
  const kubeVersion = await ctx.kubeVersion(destination.connection);
  let rendered;
  try {
    rendered = await renderApplicationSource(
      ctx.sourceRenderer(),
      app,
      kubeVersion,
      credentials,
      revision ? { revision } : undefined,
    );
  } catch (err) {
    throw renderFailure(name, err);
  }
  return compare(ctx, app, destination, rendered.revision, rendered.desired);
}

/** The application to compare a working copy for: the existing one, or a new one in `project`. */
async function localApplication(
  ctx: BackendContext,
  request: LocalDiffRequest,
): Promise<Application> {
  const existing = (await ctx.apps.find(request.application)) as Application | undefined;
  if (existing) {
    return request.destinationNamespace
      ? {
          ...existing,
          spec: {
            ...existing.spec,
            destination: { ...existing.spec.destination, namespace: request.destinationNamespace },
          },
        }
      : existing;
  }
  return {
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: { name: request.application, namespace: ctx.namespace },
    spec: {
      project: request.project ?? DEFAULT_PROJECT_NAME,
      source: { repoURL: 'local', path: '.' },
      destination: {
        server: IN_CLUSTER_SERVER,
        namespace: request.destinationNamespace ?? 'default',
      },
    },
  };
}

async function checkDirectory(directory: string): Promise<string> {
  try {
    const real = await realpath(directory);
    if ((await stat(real)).isDirectory()) return real;
  } catch {
    // reported below
  }
  throw new InvalidRequestError(`diff --local: ${directory} is not a directory`);
}

/**
 * Renders a working copy with the application's source options (type,
 * directory/kustomize/helm settings; the directory is the path, symlinks may
 * not leave it) and compares it with the application's live objects, so
 * objects removed from the working copy show as Extra. A missing application
 * is assumed new: every object is Missing.
 */
export async function diffLocal(
  ctx: BackendContext,
  request: LocalDiffRequest,
): Promise<ApplicationDiff> {
  const directory = await checkDirectory(request.directory);
  const app = await localApplication(ctx, request);
  const destination = await ctx.destination(app.spec.destination);
  const kubeVersion = await ctx.kubeVersion(destination.connection);
  // A chart source rendered from disk: the directory is the chart.
  const source = omitKeys(asEngineSource(app.spec.source), 'chart');
  let desired;
  try {
    const manifests = await renderManifests(
      { ...source, path: '.' },
      directory,
      { helm: ctx.options.helm, kustomize: ctx.options.kustomize },
      {
        appName: request.application,
        namespace: app.spec.destination.namespace,
        kubeVersion,
        allowEmpty: true,
      },
    );
    desired = manifests.map((m) => m.object);
  } catch (err) {
    throw renderFailure(request.application, err);
  }
  return compare(ctx, app, destination, 'local', desired);
}

const sameRef = (v: ResourceDiffView, ref: ResourceRef): boolean =>
  v.group === (ref.group ?? '') &&
  v.kind === ref.kind &&
  v.namespace === (ref.namespace ?? '') &&
  v.name === ref.name;

/** One resource of the application compared; {@link NotFoundError} if it is not the application's. */
export async function resourceDiff(
  ctx: BackendContext,
  name: string,
  ref: ResourceRef,
): Promise<ResourceDiffView> {
  const diff = await diffApplication(ctx, name);
  const found = diff.resources.find((r) => sameRef(r, ref));
  if (!found)
    throw new NotFoundError(
      `resource of Application "${name}"`,
      [ref.group || 'core', ref.kind, ref.namespace, ref.name].filter(Boolean).join('/'),
    );
  return found;
}
