import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Basic-auth credentials the server demands. */
export interface GitHttpCredentials {
  readonly username: string;
  readonly password: string;
}

export interface GitHttpServerOptions {
  /** Directory whose subdirectories are repositories (served as `/<name>`). */
  readonly root: string;
  /** Demand these credentials; without them the server is anonymous. */
  readonly credentials?: GitHttpCredentials;
  /** Listen on this port (e.g. to restart a stopped server at the same URL); default: a free one. */
  readonly port?: number;
}

/** A running smart-HTTP Git server on 127.0.0.1. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** URL of the repository in directory `<root>/<name>`. */
  urlFor(name: string): string;
  /** Number of requests served; lets tests see whether a client went to the network. */
  readonly requestCount: number;
  close(): Promise<void>;
}

/**
 * Serves Git repositories over smart HTTP by running `git http-backend` as a
 * CGI program for each request (the same backend Apache or nginx would run),
 * behind HTTP basic authentication.
 */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  let requestCount = 0;
  const server = createServer((req, res) => {
    requestCount++;
    if (options.credentials && !isAuthorized(req, options.credentials)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="keelson-git-fixture"' });
      res.end('authentication required\n');
      return;
    }
    runHttpBackend(options.root, req, res);
  });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    urlFor: (name) => `${url}/${name}`,
    get requestCount() {
      return requestCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function isAuthorized(req: IncomingMessage, expected: GitHttpCredentials): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6), 'base64');
  const wanted = Buffer.from(`${expected.username}:${expected.password}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Bridges one HTTP request to `git http-backend` (RFC 3875 CGI). */
function runHttpBackend(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://fixture');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    REMOTE_USER: 'fixture',
    HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
    HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
  };
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  const backend = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(backend.stdin);
  let headerBuffer = Buffer.alloc(0);
  let headersSent = false;
  backend.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    headerBuffer = Buffer.concat([headerBuffer, chunk]);
    const end = headerBuffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const { status, headers } = parseCgiHeaders(headerBuffer.subarray(0, end).toString('utf8'));
    res.writeHead(status, headers);
    headersSent = true;
    res.write(headerBuffer.subarray(end + 4));
  });
  backend.on('close', (code) => {
    if (!headersSent) {
      res.writeHead(500);
      res.end(`git http-backend exited with code ${code ?? '?'}\n`);
      return;
    }
    res.end();
  });
  backend.on('error', () => {
    if (!headersSent) res.writeHead(500);
    res.end();
  });
}

function parseCgiHeaders(block: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[key] = value;
  }
  return { status, headers };
}
