import {
  ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION,
  MANIFEST_GENERATE_PATHS_ANNOTATION,
  matchesApplication,
  parseWebhook,
  touchesGeneratePaths,
  type PushEvent,
} from '../../api/index.js';
import type { Application } from '../../apis/index.js';
import { errorMessage } from '../../core/index.js';
import type { Api, ServerContext } from '../http/index.js';

/** Webhook bodies may be large (a push of many commits); everything else is limited to 1 MiB. */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

/**
 * `POST /api/webhook`: Git push deliveries. The body is kept as raw bytes
 * (signatures are computed over them) by a content parser scoped to this
 * route; the delivery is verified with the provider's secret from
 * keelson-secret, then every application whose source follows the pushed
 * ref is refreshed. The answer says how many — never which secret or why
 * in more detail than the provider needs.
 */
export async function webhookRoutes(app: Api, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/webhook',
      { config: { public: true }, bodyLimit: WEBHOOK_BODY_LIMIT },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = parseWebhook(
          { headers: request.headers, body },
          { secrets: ctx.store.settings.webhookSecrets, maxBodyBytes: WEBHOOK_BODY_LIMIT },
        );
        request.auditUser = `webhook:${result.provider ?? 'unknown'}`;
        request.audit = {
          resource: 'webhook',
          action: result.kind === 'push' ? 'refresh' : 'ignore',
        };
        if (result.kind === 'ignored') return { refreshed: 0, ignored: result.reason };
        const refreshed = await refreshMatching(ctx, result.pushes);
        // A count only: the caller may be unauthenticated, application names stay private.
        return { refreshed: refreshed.length };
      },
    );
  });
}

async function refreshMatching(
  ctx: ServerContext,
  pushes: readonly PushEvent[],
): Promise<string[]> {
  const { items } = await ctx.backend.applications.list();
  const matching = items.filter((app) => pushes.some((push) => followsPush(push, app)));
  const names = matching.map((app) => app.metadata.name ?? '').filter((n) => n !== '');
  const results = await Promise.allSettled(
    names.map((name) => ctx.backend.applications.refresh(name, 'normal')),
  );
  results.forEach((r, i) => {
    if (r.status === 'rejected')
      ctx.logger.warn('webhook: refresh failed', {
        application: names[i],
        error: errorMessage(r.reason),
      });
  });
  ctx.logger.info('webhook: refreshed applications', { count: names.length });
  return names.filter((_, i) => results[i]?.status === 'fulfilled').sort();
}

function followsPush(push: PushEvent, app: Application): boolean {
  const { repoURL, targetRevision, path } = app.spec.source;
  const annotations = app.metadata.annotations ?? {};
  return (
    matchesApplication(push, { repoURL, ...(targetRevision ? { targetRevision } : {}) }) &&
    touchesGeneratePaths(
      push,
      path,
      annotations[MANIFEST_GENERATE_PATHS_ANNOTATION] ??
        annotations[ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION],
    )
  );
}
