import { errorMessage } from '../../core/index.js';
import type { Api, ServerContext, HttpMetrics } from '../http/index.js';

/** Probes, metrics and the OpenAPI description: public, for Kubernetes and Prometheus. */
export function systemRoutes(app: Api, ctx: ServerContext, metrics: HttpMetrics): void {
  const hide = { hide: true };
  app.get('/healthz', { config: { public: true }, schema: hide }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: hide }, async (_request, reply) => {
    const problem = await readinessProblem(ctx);
    if (problem) return reply.code(503).send({ error: problem, code: 503 });
    return { status: 'ok' };
  });

  app.get('/metrics', { config: { public: true }, schema: hide }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: hide }, async () =>
    app.swagger(),
  );
}

// A probe answers quickly: a backend still syncing after this long is not ready yet.
const READY_WAIT_MS = 1_000;

async function readinessProblem(ctx: ServerContext): Promise<string | undefined> {
  if (ctx.backend.ready) {
    const ready = ctx.backend.ready().then(
      () => undefined,
      (err: unknown) => `backend not ready: ${errorMessage(err)}`,
    );
    const pending = new Promise<string>((resolve) =>
      setTimeout(() => resolve('backend caches are not synced yet'), READY_WAIT_MS).unref(),
    );
    const problem = await Promise.race([ready, pending]);
    if (problem) return problem;
  }
  try {
    await ctx.connection.request({
      method: 'GET',
      path: '/version',
      target: 'Kubernetes',
      verb: 'reach',
    });
  } catch (err) {
    return `Kubernetes is not reachable: ${errorMessage(err)}`;
  }
  return undefined;
}
