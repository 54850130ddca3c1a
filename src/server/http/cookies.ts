import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from './context.js';

/** The URL users reach the server at: `url` of keelson-cm, else `--base-url`, else where it listens. */
export function externalUrl(ctx: ServerContext): string {
  return ctx.store.settings.url ?? ctx.baseUrl();
}

/** Cookies are Secure when users reach the server over HTTPS, unless `--insecure-cookie`. */
export function secureCookies(ctx: ServerContext, request: FastifyRequest): boolean {
  if (ctx.insecureCookie) return false;
  return request.protocol === 'https' || externalUrl(ctx).startsWith('https:');
}

/** Sets an HttpOnly, SameSite=Lax cookie. */
export function setCookie(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  options: { readonly maxAgeSeconds?: number; readonly path?: string } = {},
): void {
  reply.setCookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(ctx, request),
    path: options.path ?? '/',
    ...(options.maxAgeSeconds !== undefined ? { maxAge: options.maxAgeSeconds } : {}),
  });
}

export function clearCookie(reply: FastifyReply, name: string, path = '/'): void {
  reply.clearCookie(name, { path });
}
