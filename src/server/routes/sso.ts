import { Type } from '@sinclair/typebox';
import { TOKEN_COOKIE, safeReturnUrl, SSO_STATE_COOKIE } from '../auth/index.js';
import {
  clearCookie,
  externalUrl,
  setCookie,
  type Api,
  type ServerContext,
} from '../http/index.js';

const CALLBACK_PATH = '/auth/callback';

/**
 * OIDC single sign-on for the browser: `/auth/login` sends it to the
 * identity provider; `/auth/callback` finishes the code flow, issues a
 * Keelson session with the user's groups, sets it as the HttpOnly
 * `keelson.token` cookie and sends the browser back where it started.
 */
export function ssoRoutes(app: Api, ctx: ServerContext): void {
  const redirectUri = (): string => `${externalUrl(ctx)}${CALLBACK_PATH}`;

  app.get(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        querystring: Type.Object({ return_url: Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const { location, cookie } = await ctx.sso.begin(
        redirectUri(),
        safeReturnUrl(request.query.return_url),
      );
      setCookie(ctx, request, reply, SSO_STATE_COOKIE, cookie, {
        maxAgeSeconds: 300,
        path: '/auth',
      });
      return reply.redirect(location, 303);
    },
  );

  app.get(
    CALLBACK_PATH,
    { config: { public: true }, schema: { tags: ['session'] } },
    async (request, reply) => {
      const query = new URL(request.url, 'http://x').searchParams;
      // A GET, so the audit hook skips it: log the outcome here.
      const audit = (user: string, result: 'allowed' | 'failed', status: number): void =>
        ctx.logger.info('audit', {
          user,
          action: 'sso-login',
          resource: 'session',
          result,
          status,
        });
      let done;
      try {
        done = await ctx.sso.complete(redirectUri(), query, request.cookies[SSO_STATE_COOKIE]);
      } catch (err) {
        audit('anonymous', 'failed', (err as { status?: number }).status ?? 500);
        throw err;
      }
      const { identity, returnUrl } = done;
      const { token, claims } = await ctx.auth.issuer.issueSession({
        username: identity.username,
        groups: identity.groups,
      });
      audit(identity.username, 'allowed', 303);
      clearCookie(reply, SSO_STATE_COOKIE, '/auth');
      setCookie(ctx, request, reply, TOKEN_COOKIE, token, {
        maxAgeSeconds: (claims.exp ?? claims.iat) - claims.iat,
      });
      return reply.redirect(returnUrl, 303);
    },
  );
}
