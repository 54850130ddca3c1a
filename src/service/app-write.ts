import type { Application } from '../apis/index.js';
import { BACKGROUND_FINALIZER, FOREGROUND_FINALIZER } from '../controller/index.js';
import { applyApplicationPatch } from './app-patch.js';
import { checkProjectRules, normalizeApplication } from './app-validate.js';
import type { BackendContext } from './context.js';
import { AlreadyExistsError, ConflictError } from './errors.js';
import type { ApplicationPatch, DeletionPropagation } from './types.js';

/** Argo CD's cascade finalizers, honoured by our controller too. */
const CASCADE_FINALIZERS = [
  FOREGROUND_FINALIZER,
  BACKGROUND_FINALIZER,
  'resources-finalizer.argocd.argoproj.io',
  'resources-finalizer.argocd.argoproj.io/background',
];

/** Read-modify-write attempts when someone else (usually the controller) writes in between. */
const WRITE_ATTEMPTS = 5;

/** Runs a conditional read-modify-write, again when the object changed meanwhile (409). */
export async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw err;
    }
  }
}

/** Validates (schema, project rules) and creates; `upsert` replaces the spec of an existing one. */
export async function createApplication(
  ctx: BackendContext,
  input: Application,
  upsert: boolean,
): Promise<Application> {
  const app = normalizeApplication(input, ctx.namespace);
  await checkProjectRules(ctx, app);
  try {
    return (await ctx.apps.create(app)) as Application;
  } catch (err) {
    if (!(err instanceof AlreadyExistsError) || !upsert) throw err;
  }
  return retryOnConflict(() => replaceSpec(ctx, app, undefined));
}

/** Replaces spec (and the labels, annotations, finalizers given) of an existing application. */
export async function updateApplication(
  ctx: BackendContext,
  input: Application,
): Promise<Application> {
  const app = normalizeApplication(input, ctx.namespace);
  await checkProjectRules(ctx, app);
  const resourceVersion = input.metadata.resourceVersion;
  // A resourceVersion from the caller is a precondition: their edit must not
  // silently overwrite a newer one.
  return resourceVersion
    ? replaceSpec(ctx, app, resourceVersion)
    : retryOnConflict(() => replaceSpec(ctx, app, undefined));
}

async function replaceSpec(
  ctx: BackendContext,
  app: Application,
  resourceVersion: string | undefined,
): Promise<Application> {
  const live = (await ctx.apps.get(app.metadata.name ?? '')) as Application;
  const next: Application = {
    ...live,
    metadata: {
      ...live.metadata,
      resourceVersion: resourceVersion ?? live.metadata.resourceVersion,
      ...(app.metadata.labels ? { labels: app.metadata.labels } : {}),
      ...(app.metadata.annotations ? { annotations: app.metadata.annotations } : {}),
      ...(app.metadata.finalizers ? { finalizers: app.metadata.finalizers } : {}),
    },
    spec: app.spec,
  };
  // `status` in a PUT is ignored (status subresource); `operation` is kept as it is.
  return (await ctx.apps.replace(next)) as Application;
}

/** `keelson app set`: applies the patch to the current spec, validates, writes conditionally. */
export async function patchApplication(
  ctx: BackendContext,
  name: string,
  patch: ApplicationPatch,
): Promise<Application> {
  return retryOnConflict(async () => {
    const live = (await ctx.apps.get(name)) as Application;
    const app = normalizeApplication(applyApplicationPatch(live, patch), ctx.namespace);
    await checkProjectRules(ctx, app);
    return (await ctx.apps.replace({
      ...live,
      metadata: { ...live.metadata, labels: app.metadata.labels },
      spec: app.spec,
    })) as Application;
  });
}

/** The finalizers that make the controller delete (or keep) the resources as asked. */
export function finalizersFor(
  current: readonly string[] | undefined,
  propagation: DeletionPropagation,
): string[] {
  const kept = (current ?? []).filter((f) => !CASCADE_FINALIZERS.includes(f));
  if (propagation === 'foreground') return [...kept, FOREGROUND_FINALIZER];
  if (propagation === 'background') return [...kept, BACKGROUND_FINALIZER];
  return kept;
}

/**
 * Sets the cascade finalizer (none for `orphan`), guarded by resourceVersion,
 * then deletes. With a cascade finalizer the controller deletes the
 * resources and then lets the Application go; orphaned resources stay.
 */
export async function deleteApplication(
  ctx: BackendContext,
  name: string,
  propagation: DeletionPropagation,
): Promise<void> {
  await retryOnConflict(async () => {
    const live = await ctx.apps.get(name);
    const finalizers = finalizersFor(live.metadata.finalizers, propagation);
    const same = JSON.stringify(finalizers) === JSON.stringify(live.metadata.finalizers ?? []);
    if (!same)
      await ctx.apps.mergePatch(name, {
        metadata: { finalizers, resourceVersion: live.metadata.resourceVersion },
      });
  });
  await ctx.apps.delete(name);
}
