import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api } from './api-type.js';

const NO_UI_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keelson</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>Keelson API server</h1>
<p>The web UI is not built. Run <code>npm run build</code> (it writes <code>dist/ui</code>),
or start the server with <code>--ui-dir</code> pointing at a built UI.</p>
<p>The API is at <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>
</body></html>
`;

/** Whether `dir` holds a built single-page app. */
export function hasUi(dir: string | undefined): dir is string {
  return dir !== undefined && existsSync(join(dir, 'index.html'));
}

/** Serves the built UI from `dir` (files as they are; the SPA fallback is in {@link spaFallback}). */
export async function registerUi(app: Api, dir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: true,
    index: 'index.html',
  });
}

/** True for paths that belong to the API or the SSO endpoints, never the UI. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/auth/');
}

/**
 * Unknown GET paths outside the API serve the UI's index.html, so deep links
 * (`/applications/shop`) work; a path with a file extension is a missing
 * asset and gets a 404. Returns false when the request is not for the UI.
 */
export async function spaFallback(
  request: FastifyRequest,
  reply: FastifyReply,
  uiDir: string | undefined,
): Promise<boolean> {
  const path = request.url.split('?')[0] ?? '/';
  if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(path)) return false;
  const isAsset = /\.[A-Za-z0-9]+$/.test(path.split('/').pop() ?? '');
  if (hasUi(uiDir) && !isAsset) {
    await reply.header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  }
  if (hasUi(uiDir)) return false;
  await reply
    .code(path === '/' ? 200 : 404)
    .type('text/html; charset=utf-8')
    .send(NO_UI_PAGE);
  return true;
}
