/**
 * Notices new commits quickly without comparing every application: every
 * `repoPollIntervalMs` it resolves each distinct (repository, target
 * revision) once — one `ls-remote`, shared by all applications that follow
 * it — and queues only the applications whose synced revision differs.
 * Those whose manifest-generate-paths the new commit touched go first (a
 * monorepo commit concerns one application, not the thousand that follow
 * the branch); the others are queued behind, to record the new revision.
 * The full periodic resync (default 3 min) stays for what Git does not
 * show, like drift the watch missed.
 */
import pLimit from 'p-limit';
import { asEngineSource, type Application } from '../apis/index.js';
import { errorMessage } from '../core/index.js';
import {
  matchRepositoryCredentials,
  readCredentialSecrets,
  type SecretLike,
} from '../credentials/index.js';
import { generatePathsOf, touchesGeneratePaths } from '../source/index.js';
import { toRepoCredentials } from './compare.js';
import type { ReconcileContext } from './context.js';

/** Queues an application; `first` when the new commit touched what it is generated from. */
export type PollEnqueue = (app: string, first: boolean) => void;

/** Starts polling; returns the function that stops it. */
export function startRevisionPoller(
  ctx: ReconcileContext,
  enqueue: PollEnqueue,
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
export async function pollOnce(ctx: ReconcileContext, enqueue: PollEnqueue): Promise<number> {
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
        const moved = apps.filter((app) => app.status?.sync?.revision !== resolved.revision);
        // Git remembers each commit pair's answer, so apps sharing a `from` cost one diff.
        const changedSince = (from: string): Promise<string[] | undefined> =>
          ctx.renderer
            .changedFiles(
              asEngineSource(first.spec.source),
              from,
              resolved.revision,
              toRepoCredentials(creds),
            )
            .catch(() => undefined); // unknown: every app counts as touched
        const touched = await Promise.all(
          moved.map(async (app) => {
            const annotation = generatePathsOf(app.metadata.annotations);
            // Without the annotation nothing is skipped, so there is no diff to take.
            if (annotation === undefined) return true;
            const files = await changedSince(app.status?.sync?.revision ?? '');
            return touchesGeneratePaths(files, app.spec.source.path, annotation);
          }),
        );
        moved.forEach((app, i) => touched[i] && enqueue(app.metadata.name ?? '', true));
        moved.forEach((app, i) => !touched[i] && enqueue(app.metadata.name ?? '', false));
        queued += moved.length;
      }),
    ),
  );
  return queued;
}
