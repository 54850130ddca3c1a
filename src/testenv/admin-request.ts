import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { ClusterPki } from './pki.js';

export interface AdminResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * One HTTPS request to the API server as the cluster admin. Used only while
 * bringing a local cluster up (readiness probes, the fake node), before any
 * real client is worth constructing; the engine itself uses the Kubernetes client.
 */
export async function adminRequest(
  server: string,
  pki: ClusterPki,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<AdminResponse> {
  const [ca, cert, key] = await Promise.all([
    readFile(pki.caCert),
    readFile(pki.adminCert),
    readFile(pki.adminKey),
  ]);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server),
      {
        method,
        ca,
        cert,
        key,
        timeout: 5_000,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
