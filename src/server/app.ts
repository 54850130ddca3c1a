import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest } from 'fastify';
import { errorMessage } from '../core/index.js';
import { ForbiddenError, UnauthenticatedError } from '../service/index.js';
import { TOKEN_COOKIE } from './auth/index.js';
import {
  auditRequest,
  errorReply,
  hasUi,
  HttpMetrics,
  isApiPath,
  registerUi,
  spaFallback,
  type Api,
  type ServerContext,
} from './http/index.js';
import {
  accountRoutes,
  applicationResourceRoutes,
  applicationRoutes,
  clusterRoutes,
  projectRoutes,
  repositoryRoutes,
  sessionRoutes,
  ssoRoutes,
  streamRoutes,
  systemRoutes,
  webhookRoutes,
} from './routes/index.js';

/** Every request body but webhooks' is limited to 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds the Fastify app: plugins, authentication, CSRF, audit, metrics, errors, routes, UI. */
export async function buildApp(ctx: ServerContext, uiDir: string | undefined): Promise<Api> {
  const app: Api = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // Fastify's own messages name the part and field: "body/spec/source/repoURL Expected string".
    schemaErrorFormatter: (errors, dataVar) =>
      new Error(
        errors
          .slice(0, 3)
          .map((e) => `${dataVar}${e.instancePath}: ${e.message ?? 'invalid'}`)
          .join('; '),
      ),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // JSON only: a cross-site form cannot send it without a CORS preflight (which is never granted).
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Keelson API', version: ctx.version },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  const metrics = new HttpMetrics();
  app.addHook('onRequest', async (request) => authenticate(ctx, request));
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    auditRequest(ctx.logger, request, reply);
  });
  app.setErrorHandler(async (err, request, reply) => {
    const answer = errorReply(err);
    if (answer.status >= 500)
      ctx.logger.error('request failed', {
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0],
        status: answer.status,
        error: errorMessage(err),
      });
    return reply
      .code(answer.status)
      .headers(answer.headers ?? {})
      .send(answer.body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (await spaFallback(request, reply, uiDir)) return reply;
    const path = request.url.split('?')[0] ?? '';
    return reply.code(404).send({ error: `no route ${request.method} ${path}`, code: 404 });
  });

  sessionRoutes(app, ctx);
  accountRoutes(app, ctx);
  applicationRoutes(app, ctx);
  applicationResourceRoutes(app, ctx);
  streamRoutes(app, ctx);
  projectRoutes(app, ctx);
  repositoryRoutes(app, ctx);
  clusterRoutes(app, ctx);
  ssoRoutes(app, ctx);
  systemRoutes(app, ctx, metrics);
  await webhookRoutes(app, ctx);
  if (hasUi(uiDir)) await registerUi(app, uiDir);
  return app;
}

/**
 * Reads the token (Authorization: Bearer, else the `keelson.token` cookie)
 * and sets `request.principal`. API routes need one unless marked public;
 * a bad token on a public route is ignored (the caller is anonymous).
 */
async function authenticate(ctx: ServerContext, request: FastifyRequest): Promise<void> {
  const path = request.url.split('?')[0] ?? '';
  const isPublic = request.routeOptions.config.public === true || request.is404 || !isApiPath(path);
  const header = request.headers.authorization;
  const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
  const cookie = request.cookies[TOKEN_COOKIE];
  const token = bearer || cookie;
  if (!token) {
    if (!isPublic) throw new UnauthenticatedError();
    return;
  }
  try {
    request.principal = await ctx.auth.authenticate(token, !bearer);
  } catch (err) {
    if (!isPublic) throw err;
    return;
  }
  if (!isPublic) checkCsrf(request);
}

/**
 * A state-changing request authenticated by the cookie must be one a
 * cross-site page cannot forge without CORS: a JSON body, or the
 * `X-Requested-With` header (for bodiless DELETEs). Bearer tokens are never
 * sent automatically by browsers, so they need neither.
 */
function checkCsrf(request: FastifyRequest): void {
  if (!request.principal?.fromCookie || !UNSAFE_METHODS.has(request.method)) return;
  const type = request.headers['content-type'] ?? '';
  if (type.toLowerCase().startsWith('application/json')) return;
  if (request.headers['x-requested-with']) return;
  throw new ForbiddenError(
    'cross-site request refused: a request authenticated by cookie must send Content-Type: application/json or X-Requested-With',
  );
}
