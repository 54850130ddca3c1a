import type { Action, Resource } from '../../api/index.js';
import type { ClusterConnection } from '../../cluster/index.js';
import type { Logger } from '../../core/index.js';
import type { AccountManager, AuthService, Principal, SsoService } from '../auth/index.js';
import type { ServerBackend } from '../backend.js';
import type { SettingsStore } from '../settings/index.js';

/** What the audit log line of a request says it was about. */
export interface AuditTarget {
  readonly resource: string;
  readonly action: string;
  readonly object?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook when a valid token came with the request. */
    principal?: Principal;
    /** Set by the route (usually through RBAC checks) for the audit log. */
    audit?: AuditTarget;
    /** Set when RBAC refused the request. */
    denied?: boolean;
  }
  interface FastifyContextConfig {
    /** The route answers without authentication. */
    public?: boolean;
  }
}

/** Everything the routes share. */
export interface ServerContext {
  readonly backend: ServerBackend;
  readonly store: SettingsStore;
  readonly auth: AuthService;
  readonly accounts: AccountManager;
  readonly sso: SsoService;
  readonly connection: ClusterConnection;
  readonly namespace: string;
  readonly logger: Logger;
  readonly version: string;
  /** Never mark cookies Secure (plain-HTTP deployments without TLS in front). */
  readonly insecureCookie: boolean;
  /** The external URL from the options (`--base-url`); keelson-cm `url` wins when both are set. */
  readonly baseUrl: () => string;
  readonly ssePingMs: number;
  /** Aborted when the server closes: ends event streams. */
  readonly closing: AbortSignal;
}

export type { Action, Resource };
