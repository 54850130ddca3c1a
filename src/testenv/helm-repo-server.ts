import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runTool } from '../exec/index.js';

export interface HelmRepoServerOptions {
  /** Chart directories to package and serve. */
  readonly charts: readonly string[];
  /** The helm binary that packages the charts and writes the index (real `helm package` / `helm repo index`). */
  readonly helm: string;
  /** Demand these basic-auth credentials on every request (HTTP repository and OCI registry alike). */
  readonly credentials?: { readonly username: string; readonly password: string };
}

/** A running chart server on 127.0.0.1: a classic Helm repository and an OCI registry with the same charts. */
export interface HelmRepoServer {
  /** Helm repository URL (`http://127.0.0.1:<port>`), serving `index.yaml` and the archives. */
  readonly url: string;
  /** OCI repository prefix (`oci://127.0.0.1:<port>/charts`); a chart is `<ociUrl>/<name>`. */
  readonly ociUrl: string;
  /** `127.0.0.1:<port>`, for plain-HTTP registry settings. */
  readonly host: string;
  readonly requestCount: number;
  close(): Promise<void>;
}

interface Blob {
  readonly data: Buffer;
  readonly mediaType: string;
}

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/**
 * Packages the given charts with real helm and serves them over HTTP: as a
 * Helm repository (`/index.yaml`, `/<name>-<version>.tgz`) and as a read-only
 * OCI registry (`/v2/charts/<name>/manifests/<version>`, blobs, tags), the
 * artifact layout helm itself pushes.
 */
export async function startHelmRepoServer(options: HelmRepoServerOptions): Promise<HelmRepoServer> {
  const root = await mkdtemp(join(tmpdir(), 'keelson-helm-repo-'));
  const home = await mkdtemp(join(tmpdir(), 'keelson-helm-home-'));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  for (const chart of options.charts)
    await runTool(options.helm, ['package', chart, '--destination', root], {
      env,
      timeoutMs: 60_000,
    });
  await runTool(options.helm, ['repo', 'index', root], { env, timeoutMs: 60_000 });
  await rm(home, { recursive: true, force: true });

  const files = new Map<string, Buffer>();
  for (const name of await readdir(root)) files.set(`/${name}`, await readFile(join(root, name)));
  const { blobs, manifests, tags } = buildOciArtifacts(files);

  let requestCount = 0;
  const server = createServer((req, res) => {
    requestCount++;
    if (options.credentials && !isAuthorized(req, options.credentials)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="keelson-helm-fixture"' });
      res.end('authentication required\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    if (path.startsWith('/v2')) return serveOci(path, req, res, blobs, manifests, tags);
    const file = files.get(path);
    if (!file || req.method !== 'GET') {
      res.writeHead(404);
      res.end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': path.endsWith('.yaml') ? 'text/yaml' : 'application/gzip',
      'content-length': file.length,
    });
    res.end(file);
  });
  await listen(server);
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}`,
    ociUrl: `oci://${host}/charts`,
    host,
    get requestCount() {
      return requestCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          void rm(root, { recursive: true, force: true }).then(() => resolve());
        });
      }),
  };
}

function buildOciArtifacts(files: ReadonlyMap<string, Buffer>): {
  blobs: Map<string, Blob>;
  manifests: Map<string, Buffer>;
  tags: Map<string, string[]>;
} {
  const blobs = new Map<string, Blob>();
  const manifests = new Map<string, Buffer>();
  const tags = new Map<string, string[]>();
  const index = parse(files.get('/index.yaml')?.toString('utf8') ?? '') as {
    entries?: Record<
      string,
      {
        name: string;
        version: string;
        urls: string[];
        apiVersion?: string;
        description?: string;
        type?: string;
        appVersion?: string;
      }[]
    >;
  };
  const add = (
    data: Buffer,
    mediaType: string,
  ): { mediaType: string; digest: string; size: number } => {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    blobs.set(digest, { data, mediaType });
    return { mediaType, digest, size: data.length };
  };
  for (const [name, versions] of Object.entries(index.entries ?? {})) {
    for (const v of versions) {
      const archive = files.get(`/${v.urls[0] ?? ''}`);
      if (!archive) continue;
      const config = Buffer.from(
        JSON.stringify({
          name: v.name,
          version: v.version,
          apiVersion: v.apiVersion ?? 'v2',
          description: v.description,
          type: v.type,
          appVersion: v.appVersion,
        }),
      );
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MANIFEST_TYPE,
          config: add(config, 'application/vnd.cncf.helm.config.v1+json'),
          layers: [add(archive, 'application/vnd.cncf.helm.chart.content.v1.tar+gzip')],
        }),
      );
      const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
      manifests.set(`charts/${name}:${v.version}`, manifest);
      manifests.set(`charts/${name}@${digest}`, manifest);
      tags.set(`charts/${name}`, [...(tags.get(`charts/${name}`) ?? []), v.version]);
    }
  }
  return { blobs, manifests, tags };
}

function serveOci(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  blobs: ReadonlyMap<string, Blob>,
  manifests: ReadonlyMap<string, Buffer>,
  tags: ReadonlyMap<string, string[]>,
): void {
  const send = (
    status: number,
    body: Buffer | string,
    headers: Record<string, string | number> = {},
  ): void => {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, {
      'content-length': data.length,
      'docker-distribution-api-version': 'registry/2.0',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  };
  if (path === '/v2' || path === '/v2/')
    return send(200, '{}', { 'content-type': 'application/json' });
  const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\/(.+)$/.exec(path);
  if (!m?.[1] || !m[2] || !m[3]) return send(404, '{"errors":[{"code":"NAME_UNKNOWN"}]}');
  const [, repo, kind, ref] = m;
  if (kind === 'tags' && ref === 'list') {
    const list = tags.get(repo);
    return list
      ? send(200, JSON.stringify({ name: repo, tags: list }), {
          'content-type': 'application/json',
        })
      : send(404, '{}');
  }
  if (kind === 'manifests') {
    const manifest = manifests.get(ref.startsWith('sha256:') ? `${repo}@${ref}` : `${repo}:${ref}`);
    if (!manifest) return send(404, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    return send(200, manifest, { 'content-type': MANIFEST_TYPE, 'docker-content-digest': digest });
  }
  const blob = blobs.get(ref);
  if (!blob) return send(404, '{"errors":[{"code":"BLOB_UNKNOWN"}]}');
  return send(200, blob.data, { 'content-type': blob.mediaType, 'docker-content-digest': ref });
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function isAuthorized(
  req: IncomingMessage,
  expected: { username: string; password: string },
): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6), 'base64');
  const wanted = Buffer.from(`${expected.username}:${expected.password}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
