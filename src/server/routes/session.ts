import type { UserInfo } from '../../service/index.js';
import { TOKEN_COOKIE } from '../auth/index.js';
import {
  type Api,
  principalOf,
  type ServerContext,
  clearCookie,
  externalUrl,
  setCookie,
  LoginBody,
} from '../http/index.js';

/** Login, logout, who am I, and the public settings the login page needs. */
export function sessionRoutes(app: Api, ctx: ServerContext): void {
  app.post(
    '/api/v1/session',
    { config: { public: true }, schema: { body: LoginBody, tags: ['session'] } },
    async (request, reply) => {
      const { username, password } = request.body;
      request.auditUser = username;
      request.audit = { resource: 'session', action: 'login', object: username };
      const { token, claims } = await ctx.auth.login(username, password, request.ip);
      // The web UI keeps the session in an HttpOnly cookie; the CLI uses the token.
      setCookie(ctx, request, reply, TOKEN_COOKIE, token, {
        maxAgeSeconds: (claims.exp ?? claims.iat) - claims.iat,
      });
      return { token };
    },
  );

  app.delete('/api/v1/session', { schema: { tags: ['session'] } }, async (request, reply) => {
    const principal = principalOf(request);
    request.audit = { resource: 'session', action: 'logout', object: principal.jti };
    await ctx.accounts.revokeSession(principal);
    clearCookie(reply, TOKEN_COOKIE);
    return {};
  });

  app.get(
    '/api/v1/session/userinfo',
    { config: { public: true }, schema: { tags: ['session'] } },
    async (request): Promise<UserInfo> => {
      const p = request.principal;
      if (!p) return { loggedIn: false };
      return { loggedIn: true, username: p.username, groups: [...p.groups], via: p.via };
    },
  );

  app.get(
    '/api/v1/settings',
    { config: { public: true }, schema: { tags: ['session'] } },
    async () => {
      const { oidc } = ctx.store.settings;
      return {
        url: externalUrl(ctx),
        ...(oidc ? { oidc: { name: oidc.name, issuer: oidc.issuer } } : {}),
        version: ctx.version,
      };
    },
  );

  app.get('/api/version', { config: { public: true } }, async () => ({ version: ctx.version }));
}
