import { errorMessage } from '../../core/index.js';
import type { ApplicationWatchEvent } from '../../service/index.js';
import {
  type Api,
  canGetApp,
  principalOf,
  type ServerContext,
  StreamQuery,
} from '../http/index.js';

/**
 * `GET /api/v1/stream/applications[?name=]`: server-sent events, one
 * `data: <ApplicationWatchEvent>` per change of an application the caller
 * may get (checked per event against the current policy), and a `: ping`
 * comment every 15 s so proxies keep the connection open. The backend watch
 * ends when the client goes away or the server closes.
 */
export function streamRoutes(app: Api, ctx: ServerContext): void {
  app.get(
    '/api/v1/stream/applications',
    { schema: { tags: ['applications'], querystring: StreamQuery } },
    async (request, reply) => {
      const principal = principalOf(request);
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      ctx.closing.addEventListener('abort', stop, { once: true });
      reply.hijack();
      const res = reply.raw;
      // The response's close (not the request's) fires when the client goes away.
      res.on('close', stop);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const ping = setInterval(() => res.write(': ping\n\n'), ctx.ssePingMs);
      const send = (event: ApplicationWatchEvent): void => {
        if (!abort.signal.aborted && canGetApp(ctx, principal, event.application))
          res.write(`data: ${JSON.stringify(event)}\n\n`);
      };
      const { name } = request.query;
      try {
        await ctx.backend.applications.watch(
          { ...(name ? { name } : {}), signal: abort.signal },
          send,
        );
      } catch (err) {
        if (!abort.signal.aborted) {
          ctx.logger.warn('application stream ended', { error: errorMessage(err) });
          res.write(`event: error\ndata: ${JSON.stringify({ error: errorMessage(err) })}\n\n`);
        }
      } finally {
        clearInterval(ping);
        ctx.closing.removeEventListener('abort', stop);
        res.off('close', stop);
        res.end();
      }
    },
  );
}
