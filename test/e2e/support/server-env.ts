/**
 * A running Keelson API server on a real control plane, for end-to-end tests
 * of the server, the CLI in server mode and the web UI:
 *
 * - one local cluster with the CRDs, a Git repository served over HTTP with
 *   credentials, and an in-process controller (see controller-env.ts);
 * - the direct backend (`createDirectBackend`, application cache on) and
 *   the API server in front of it (`startApiServer`) on a free port, with
 *   the admin password {@link ADMIN_PASSWORD} (no environment involved),
 *   fast password hashing, a short settings refresh and a generous per-client
 *   login limit (every test logs in from 127.0.0.1).
 *
 * Helpers add local accounts, edit keelson-cm / keelson-secret /
 * keelson-rbac-cm, call the API with a token, and read the audit log.
 *
 * ```ts
 * let env: ServerEnv;
 * beforeAll(async () => (env = await startServerEnv('my-test', { 'app/cm.yaml': '...' })));
 * afterAll(() => env?.stop());
 * const token = await env.login();
 * const res = await env.api('GET', '/api/v1/applications', { token });
 * ```
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { hashPassword, type ScryptParams } from '../../../src/api/index.js';
import { ClusterConnection } from '../../../src/cluster/index.js';
import type { ControllerOptions } from '../../../src/controller/index.js';
import { jsonLogger, waitFor } from '../../../src/core/index.js';
import {
  startApiServer,
  type ApiServer,
  type ApiServerOptions,
} from '../../../src/server/index.js';
import { createDirectBackend, type DirectBackend } from '../../../src/service/index.js';
import { ensureTools } from '../../../src/testenv/index.js';
import { NS, startControllerEnv, type ControllerEnv } from './controller-env.js';

/** The admin password of every server-env server. */
export const ADMIN_PASSWORD = 'keelson-e2e-admin-password';
/** Cheap scrypt parameters (the minimum the hasher accepts): tests log in a lot. */
export const FAST_HASH: ScryptParams = { log2N: 10, r: 8, p: 1 };

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface ApiCallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (not JSON-encoded). */
  readonly rawBody?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
}

export interface ServerEnv {
  /** The cluster, Git repository and controller underneath. */
  readonly controller: ControllerEnv;
  readonly kc: KubeConfig;
  readonly namespace: string;
  /** HTTP URL of the test repository (its credentials are in the namespace). */
  readonly repoURL: string;
  /** `http://127.0.0.1:<port>` of the API server. */
  readonly url: string;
  readonly adminPassword: string;
  readonly server: ApiServer;
  /** The direct backend the server serves (application cache on). */
  readonly backend: DirectBackend;
  /** Every line the server logged (JSON), audit lines included. */
  readonly logLines: readonly string[];
  /** The parsed audit lines so far. */
  auditLog(): Record<string, unknown>[];
  /** Logs in (default: admin) and returns the session token. */
  login(username?: string, password?: string): Promise<string>;
  /** Calls the API; a JSON answer is parsed, anything else returned as text. */
  api<T = unknown>(method: string, path: string, options?: ApiCallOptions): Promise<ApiResponse<T>>;
  /** Declares a local account in keelson-cm with a password, and waits until the server knows it. */
  addAccount(name: string, password: string, capabilities?: string): Promise<void>;
  /** Merges keys into a ConfigMap of the namespace (`null` deletes a key). */
  patchConfigMap(name: string, data: Readonly<Record<string, string | null>>): Promise<void>;
  /** Merges keys into keelson-secret (`null` deletes a key). */
  patchSecret(name: string, data: Readonly<Record<string, string | null>>): Promise<void>;
  /** Reads a Secret of the namespace, values decoded. */
  readSecret(name: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export interface ServerEnvOptions {
  readonly controller?: Partial<ControllerOptions>;
  readonly server?: Partial<Omit<ApiServerOptions, 'backend' | 'kubeConfig'>>;
}

export async function startServerEnv(
  name: string,
  files: Readonly<Record<string, string>>,
  options: ServerEnvOptions = {},
): Promise<ServerEnv> {
  const controller = await startControllerEnv(name, files, options.controller);
  const { kc, core } = controller;
  const tools = await ensureTools(['helm', 'kustomize']);
  const backend = await createDirectBackend({
    kubeConfig: kc,
    namespace: NS,
    cacheApplications: true,
    helm: tools.helm,
    kustomize: tools.kustomize,
  });
  const logLines: string[] = [];
  const echo = process.env.KEELSON_E2E_LOG === 'debug' || process.env.KEELSON_E2E_LOG === 'info';
  const logger = jsonLogger('info', (line) => {
    logLines.push(line);
    if (echo) process.stderr.write(line);
  });
  const server = await startApiServer({
    backend,
    kubeConfig: kc,
    namespace: NS,
    port: 0,
    address: '127.0.0.1',
    adminPassword: ADMIN_PASSWORD,
    passwordHashParams: FAST_HASH,
    settingsRefreshMs: 300,
    loginRateLimit: { maxFailuresPerClient: 10_000 },
    logger,
    version: 'e2e',
    ...options.server,
  });

  const api = async <T>(
    method: string,
    path: string,
    call: ApiCallOptions = {},
  ): Promise<ApiResponse<T>> => {
    const url = new URL(server.url + path);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { ...call.headers };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    let body: string | Buffer | undefined = call.rawBody;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };

  const patchObject = async (
    kind: 'configmaps' | 'secrets',
    objectName: string,
    data: Readonly<Record<string, string | null>>,
  ): Promise<void> => {
    const encoded = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [
        k,
        v === null || kind === 'configmaps' ? v : Buffer.from(v).toString('base64'),
      ]),
    );
    const read =
      kind === 'configmaps'
        ? core.readNamespacedConfigMap({ name: objectName, namespace: NS })
        : core.readNamespacedSecret({ name: objectName, namespace: NS });
    const exists = await read.then(
      () => true,
      () => false,
    );
    if (!exists) {
      const present = Object.fromEntries(Object.entries(encoded).filter(([, v]) => v !== null));
      const body = { metadata: { name: objectName, namespace: NS }, data: present } as never;
      if (kind === 'configmaps') await core.createNamespacedConfigMap({ namespace: NS, body });
      else await core.createNamespacedSecret({ namespace: NS, body });
      return;
    }
    const path = `/api/v1/namespaces/${NS}/${kind}/${objectName}`;
    const connection = ClusterConnection.fromKubeconfig(kc);
    try {
      await connection.request({
        method: 'PATCH',
        path,
        body: { data: encoded },
        contentType: 'application/merge-patch+json',
      });
    } finally {
      connection.close();
    }
  };

  const env: ServerEnv = {
    controller,
    kc,
    namespace: NS,
    repoURL: controller.repoURL,
    url: server.url,
    adminPassword: ADMIN_PASSWORD,
    server,
    backend,
    logLines,
    auditLog: () =>
      logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'audit'),
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const res = await api<{ token?: string; error?: string }>('POST', '/api/v1/session', {
        body: { username, password },
      });
      if (res.status !== 200 || !res.body.token)
        throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    api,
    async addAccount(accountName, password, capabilities = 'apiKey, login') {
      const hash = await hashPassword(password, FAST_HASH);
      // The password first: the server reads keelson-cm before keelson-secret.
      await patchObject('secrets', 'keelson-secret', {
        [`accounts.${accountName}.password`]: hash,
      });
      await patchObject('configmaps', 'keelson-cm', { [`accounts.${accountName}`]: capabilities });
      const admin = await env.login();
      await waitFor(
        async () =>
          (await api('GET', `/api/v1/account/${accountName}`, { token: admin })).status === 200,
        { what: `the server to know account ${accountName}`, timeoutMs: 10_000 },
      );
    },
    patchConfigMap: (cmName, data) => patchObject('configmaps', cmName, data),
    patchSecret: (secretName, data) => patchObject('secrets', secretName, data),
    async readSecret(secretName) {
      const secret = await core.readNamespacedSecret({ name: secretName, namespace: NS });
      return Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
      );
    },
    async stop() {
      await server.close().catch(() => undefined);
      await backend.close().catch(() => undefined);
      await controller.stop();
    },
  };
  return env;
}
