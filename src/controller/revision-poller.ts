/**
 * Notices new commits quickly without comparing every application: every
 * `repoPollIntervalMs` it resolves each distinct (repository, target
 * revision) once — one `ls-remote`, shared by all applications that follow
 * it — and queues only the applications whose synced revision differs. The
 * full periodic resync (default 3 min) stays for what Git does not show, like
 * drift the watch missed.
 */
import pLimit from 'p-limit';
import { asEngineSource, type Application } from '../apis/index.js';
import { errorMessage } from '../core/index.js';
import {
  matchRepositoryCredentials,
  readCredentialSecrets,
  type SecretLike,
} from '../credentials/index.js';
import { toRepoCredentials } from './compare.js';
import type { ReconcileContext } from './context.js';

/** Starts polling; returns the function that stops it. */
export function startRevisionPoller(
  ctx: ReconcileContext,
  enqueue: (app: string) => void,
  intervalMs: number,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const round = async (): Promise<void> => {
    await pollOnce(ctx, enqueue).catch((err: unknown) =>
      ctx.logger.warn('revision poll failed', { error: errorMessage(err) }),
    );
    if (!stopped) timer = setTimeout(() => void round(), intervalMs);
  };
  timer = setTimeout(() => void round(), intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** One round: resolve each followed revision once, queue the applications it moved away from. */
export async function pollOnce(
  ctx: ReconcileContext,
  enqueue: (app: string) => void,
): Promise<number> {
  const groups = new Map<string, Application[]>();
  for (const obj of ctx.apps.list()) {
    const app = obj as Application;
    const source = app.spec?.source;
    if (!source?.repoURL || !app.status?.sync?.revision) continue;
    const key = `${source.repoURL}#${source.targetRevision ?? 'HEAD'}#${source.chart ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), app]);
  }
  const credentials = readCredentialSecrets(ctx.secrets.list() as SecretLike[]);
  const limit = pLimit(4);
  let queued = 0;
  await Promise.all(
    [...groups.values()].map((apps) =>
      limit(async () => {
        const first = apps[0] as Application;
        const creds = matchRepositoryCredentials(
          first.spec.source.repoURL,
          credentials.repositories,
        );
        const resolved = await ctx.renderer
          .resolve(asEngineSource(first.spec.source), toRepoCredentials(creds))
          .catch(() => undefined); // unreachable now: the resync reports it
        if (!resolved) return;
        for (const app of apps) {
          if (app.status?.sync?.revision === resolved.revision) continue;
          enqueue(app.metadata.name ?? '');
          queued++;
        }
      }),
    ),
  );
  return queued;
}
