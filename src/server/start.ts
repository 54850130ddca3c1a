import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import type { LoginRateLimitOptions, ScryptParams } from '../api/index.js';
import { ClusterConnection } from '../cluster/index.js';
import { silentLogger, type Logger } from '../core/index.js';
import { buildApp } from './app.js';
import { AccountManager, AuthService, SsoService } from './auth/index.js';
import type { ServerBackend } from './backend.js';
import type { ServerContext } from './http/index.js';
import { bootstrapSettings, SettingsStore } from './settings/index.js';

export interface ApiServerOptions {
  /** Serves the operations; the server adds authentication and RBAC in front. */
  readonly backend: ServerBackend;
  /** Where keelson-cm, keelson-secret and keelson-rbac-cm live. */
  readonly kubeConfig: KubeConfig;
  /** Namespace of Keelson's settings and resources (default `keelson`). */
  readonly namespace?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default `0.0.0.0`. */
  readonly address?: string;
  /** Initial admin password when keelson-secret has none (the CLI passes `KEELSON_ADMIN_PASSWORD`); generated otherwise. */
  readonly adminPassword?: string;
  /** The server's external URL when keelson-cm has no `url` (for the SSO redirect URI and cookie security). */
  readonly baseUrl?: string;
  /** Never mark cookies Secure (plain HTTP without TLS in front). */
  readonly insecureCookie?: boolean;
  /** The built web UI (`dist/ui`); a missing directory serves a "UI not built" page. */
  readonly uiDir?: string;
  readonly logger?: Logger;
  readonly version?: string;
  /** How often settings are re-read (default 3000 ms). */
  readonly settingsRefreshMs?: number;
  /** Keep-alive comments on event streams (default 15000 ms). */
  readonly ssePingMs?: number;
  readonly loginRateLimit?: LoginRateLimitOptions;
  /** scrypt cost for new password hashes (tests lower it; default OWASP's). */
  readonly passwordHashParams?: ScryptParams;
}

/** A running API server. */
export interface ApiServer {
  /** `http://<address>:<port>` (with `127.0.0.1` for a wildcard address). */
  readonly url: string;
  /** Ends event streams, stops accepting requests and re-reading settings. */
  close(): Promise<void>;
}

/**
 * Starts the API server: reads (and on first start, creates) its settings,
 * builds the HTTP app and listens. The same function serves `keelson
 * server`, the demo and the tests.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const namespace = options.namespace ?? 'keelson';
  const logger = options.logger ?? silentLogger;
  const connection = ClusterConnection.fromKubeconfig(options.kubeConfig);
  const store = new SettingsStore({
    connection,
    namespace,
    logger,
    ...(options.settingsRefreshMs !== undefined ? { refreshMs: options.settingsRefreshMs } : {}),
  });
  await store.start();
  const closing = new AbortController();
  try {
    await bootstrapSettings(store, {
      connection,
      namespace,
      logger,
      ...(options.adminPassword !== undefined ? { adminPassword: options.adminPassword } : {}),
      ...(options.passwordHashParams ? { hashParams: options.passwordHashParams } : {}),
    });
    const auth = new AuthService(store, {
      ...(options.loginRateLimit ? { loginRateLimit: options.loginRateLimit } : {}),
      ...(options.passwordHashParams ? { hashParams: options.passwordHashParams } : {}),
    });
    let listenUrl = options.baseUrl ?? '';
    const ctx: ServerContext = {
      backend: options.backend,
      store,
      auth,
      accounts: new AccountManager(store, auth),
      sso: new SsoService(store),
      connection,
      namespace,
      logger,
      version: options.version ?? '0.0.0',
      insecureCookie: options.insecureCookie ?? false,
      baseUrl: () => options.baseUrl?.replace(/\/+$/, '') ?? listenUrl,
      ssePingMs: options.ssePingMs ?? 15_000,
      closing: closing.signal,
    };
    const app = await buildApp(ctx, options.uiDir);
    // Event streams must end before the server can finish closing.
    app.addHook('preClose', async () => closing.abort());
    await app.listen({ port: options.port ?? 8080, host: options.address ?? '0.0.0.0' });
    const address = app.server.address() as AddressInfo;
    const host = ['0.0.0.0', '::'].includes(address.address)
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
    listenUrl = `http://${host}:${address.port}`;
    logger.info('API server listening', { url: listenUrl, namespace });
    return {
      url: listenUrl,
      close: async () => {
        closing.abort();
        store.stop();
        await app.close();
        connection.close();
      },
    };
  } catch (err) {
    store.stop();
    connection.close();
    throw err;
  }
}
