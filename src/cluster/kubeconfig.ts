/**
 * A lean kubeconfig loader, hand-written on purpose.
 *
 * STYLE.md prefers the official client, but `@kubernetes/client-node`'s
 * `KubeConfig` module pulls in the library's whole generated API client:
 * measured, ~70 MiB more RSS in the controller, whose budget is 300 MB. The
 * controller needs only what {@link KubeAccess} asks (the server, TLS
 * material, credentials), so this module imports nothing from
 * `@kubernetes/client-node` (not even types), nor js-yaml or node-fetch; YAML
 * is parsed with `yaml`.
 *
 * Semantics follow kubectl (client-go's clientcmd): explicit path, else
 * `$KUBECONFIG` (a list merged first-wins), else `~/.kube/config`, else the
 * Pod's service account. Relative file paths resolve against the folder of
 * the kubeconfig that names them. `token` wins over `tokenFile`, `*-data`
 * over the file form; an exec plugin runs only when the user has no static
 * token or password.
 *
 * Deliberately unsupported, refused with a {@link KubeconfigError} rather
 * than silently ignored, because ignoring them would talk to the server by
 * another route or as another identity:
 * - `auth-provider` (kubectl removed auth providers in 1.26; use an exec plugin),
 * - `proxy-url` (ClusterConnection dials the API server directly),
 * - impersonation (`as`, `as-groups`, `as-uid`, `as-user-extra`),
 * - interactive exec plugins (`interactiveMode: Always`).
 *
 * Ignored: a context's namespace, `preferences`, `extensions`,
 * `disable-compression`, an exec plugin's stderr when it succeeds.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type https from 'node:https';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  ExecCredentialError,
  type ExecCredentialPlugin,
  type ExecClusterInfo,
  type ExecCredential,
} from './exec-credential.js';
import { detectInCluster } from './in-cluster.js';
import { KubeconfigError } from './kubeconfig-error.js';
import {
  fsProblem,
  isPem,
  isServerUrl,
  readFiles,
  type ClusterSettings,
  type UserSettings,
} from './kubeconfig-file.js';
import type { KubeAccess } from './kube-access.js';

/** Where {@link Kubeconfig.load} looks; every field defaults to kubectl's behaviour. */
export interface KubeconfigLoadOptions {
  /** A kubeconfig file; skips `$KUBECONFIG`, `~/.kube/config` and in-cluster. */
  readonly path?: string;
  /** Overrides `current-context` (like `kubectl --context`). */
  readonly context?: string;
  /** Where `KUBECONFIG` and `KUBERNETES_SERVICE_*` are read; also the exec plugins' environment. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Home folder holding `.kube/config`. Default: the user's. */
  readonly homeDir?: string;
  /** Service account mount (`token`, `ca.crt`). Default: `/var/run/secrets/kubernetes.io/serviceaccount`. */
  readonly serviceAccountDir?: string;
}

/** A registered destination cluster's access, with PEM text (not base64). */
export interface RegisteredClusterAccess {
  readonly name: string;
  readonly server: string;
  readonly bearerToken?: string;
  readonly caData?: string;
  readonly certData?: string;
  readonly keyData?: string;
  readonly insecure?: boolean;
  readonly serverName?: string;
}

/**
 * The current context of a kubeconfig (or a Pod's service account, or a
 * registered cluster), ready to authenticate requests. Implements
 * {@link KubeAccess} for `ClusterConnection`.
 */
export class Kubeconfig implements KubeAccess {
  // ES private fields: util.inspect and JSON.stringify never show them, so a
  // logged Kubeconfig cannot leak its credentials.
  readonly #cluster: ClusterSettings;
  readonly #user: UserSettings;
  readonly #errorContext: string | undefined;

  private constructor(
    /** Where it came from, for messages: a file path, `in-cluster service account`, or the cluster name. */
    readonly source: string,
    readonly contextName: string,
    errorContext: string | undefined,
    cluster: ClusterSettings,
    user: UserSettings,
  ) {
    this.#cluster = cluster;
    this.#user = user;
    this.#errorContext = errorContext;
  }

  /**
   * Like kubectl: explicit `path`, else `$KUBECONFIG` (a `:`-separated list,
   * merged first-wins; missing files skipped), else `~/.kube/config` if it
   * exists, else the in-cluster service account. `context` overrides
   * `current-context`. Reads and validates the files now; credential files
   * and exec plugins are read and run by {@link applyToHTTPSOptions}.
   */
  static load(options: KubeconfigLoadOptions = {}): Kubeconfig {
    const env = options.env ?? process.env;
    const fromFiles = (paths: readonly string[], source: string): Kubeconfig => {
      const { contextName, cluster, user } = readFiles(paths, source, options.context, env);
      return new Kubeconfig(source, contextName, contextName, cluster, user);
    };
    if (options.path) return fromFiles([options.path], options.path);
    const listed = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
    if (listed.length > 0) {
      const existing = [...new Set(listed)].filter((p) => existsSync(p));
      if (existing.length === 0) {
        throw new KubeconfigError(
          env.KUBECONFIG ?? '',
          'none of the files listed in $KUBECONFIG exist',
        );
      }
      return fromFiles(existing, existing.join(delimiter));
    }
    const home = join(options.homeDir ?? homedir(), '.kube', 'config');
    if (existsSync(home)) return fromFiles([home], home);
    const inCluster = detectInCluster(env, options.serviceAccountDir);
    if (!inCluster) {
      throw new KubeconfigError(
        home,
        'file not found, $KUBECONFIG is not set, and this process does not run in a Pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set): pass a kubeconfig path or set $KUBECONFIG',
      );
    }
    const source = 'in-cluster service account';
    if (options.context) {
      throw new KubeconfigError(
        source,
        `context ${JSON.stringify(options.context)} not found: the in-cluster configuration has no contexts`,
      );
    }
    if (!existsSync(inCluster.tokenFile)) {
      throw new KubeconfigError(
        source,
        `KUBERNETES_SERVICE_HOST is set but the token file ${inCluster.tokenFile} does not exist (is automountServiceAccountToken off?)`,
      );
    }
    return new Kubeconfig(
      source,
      'in-cluster',
      undefined,
      { server: inCluster.server, caFile: inCluster.caFile, insecure: false },
      { name: 'service account', tokenFile: inCluster.tokenFile },
    );
  }

  /** A registered destination cluster (PEM text, not base64). */
  static forCluster(cluster: RegisteredClusterAccess): Kubeconfig {
    const fail = (problem: string): KubeconfigError => new KubeconfigError(cluster.name, problem);
    if (!isServerUrl(cluster.server)) throw fail('server is not an http(s) URL');
    if (!cluster.certData !== !cluster.keyData) {
      throw fail('a client certificate needs both certData and keyData');
    }
    for (const [field, value] of [
      ['caData', cluster.caData],
      ['certData', cluster.certData],
      ['keyData', cluster.keyData],
    ] as const) {
      if (value && !isPem(value)) throw fail(`${field} is not PEM text`);
    }
    return new Kubeconfig(
      cluster.name,
      cluster.name,
      undefined,
      {
        server: cluster.server,
        caData: cluster.caData || undefined,
        insecure: cluster.insecure === true,
        serverName: cluster.serverName || undefined,
      },
      {
        name: cluster.name,
        token: cluster.bearerToken || undefined,
        certData: cluster.certData || undefined,
        keyData: cluster.keyData || undefined,
      },
    );
  }

  /** The current context's cluster. */
  getCurrentCluster(): { readonly server: string } {
    return { server: this.#cluster.server };
  }

  /**
   * Fills `options` with the CA, client certificate, `rejectUnauthorized`,
   * `servername`, and an `authorization` header or basic `auth`. Re-reads
   * token files (projected tokens rotate) and runs the exec plugin when its
   * cached credential has expired.
   */
  async applyToHTTPSOptions(options: https.RequestOptions): Promise<void> {
    const cluster = this.#cluster;
    const user = this.#user;
    options.rejectUnauthorized = !cluster.insecure;
    const ca = cluster.insecure
      ? undefined
      : (cluster.caData ?? (await this.#readFile(cluster.caFile, 'certificate-authority')));
    if (ca) options.ca = ca;
    if (cluster.serverName) options.servername = cluster.serverName;
    const cert = user.certData ?? (await this.#readFile(user.certFile, 'client-certificate'));
    const key = user.keyData ?? (await this.#readFile(user.keyFile, 'client-key'));
    if (cert && key) {
      options.cert = cert;
      options.key = key;
    }
    if (user.username !== undefined || user.password !== undefined) {
      options.auth = `${user.username ?? ''}:${user.password ?? ''}`;
      return;
    }
    const token =
      user.token ?? (user.tokenFile ? await this.#readToken(user.tokenFile) : undefined);
    if (token) {
      setHeader(options, 'authorization', `Bearer ${token}`);
      return;
    }
    if (!user.exec) return;
    const credential = await this.#execCredential(user.exec, {
      server: cluster.server,
      tlsServerName: cluster.serverName,
      insecure: cluster.insecure,
      caData: ca,
    });
    if (credential.clientCertificateData && credential.clientKeyData) {
      options.cert = credential.clientCertificateData;
      options.key = credential.clientKeyData;
    }
    if (credential.token) setHeader(options, 'authorization', `Bearer ${credential.token}`);
  }

  #fail(problem: string, cause?: unknown): KubeconfigError {
    return new KubeconfigError(this.source, problem, this.#errorContext, { cause });
  }

  async #readFile(path: string | undefined, field: string): Promise<string | undefined> {
    if (!path) return undefined;
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      throw this.#fail(`cannot read ${field} ${path}: ${fsProblem(err)}`, err);
    }
  }

  async #readToken(path: string): Promise<string> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw this.#fail(`cannot read token file ${path}: ${fsProblem(err)}`, err);
    }
    // Same as client-go: token files commonly end with a newline.
    const token = text.trim();
    if (!token) throw this.#fail(`token file ${path} is empty`);
    return token;
  }

  async #execCredential(
    plugin: ExecCredentialPlugin,
    cluster: ExecClusterInfo,
  ): Promise<ExecCredential> {
    try {
      return await plugin.credential(cluster);
    } catch (err) {
      if (!(err instanceof ExecCredentialError)) throw err;
      throw this.#fail(`user ${JSON.stringify(this.#user.name)}: ${err.message}`, err);
    }
  }
}

/** Sets one request header, keeping the others, whichever form `options.headers` has. */
function setHeader(options: https.RequestOptions, name: string, value: string): void {
  const current = options.headers;
  const headers: http.OutgoingHttpHeaders = {};
  if (isRawHeaderList(current)) {
    for (let i = 0; i + 1 < current.length; i += 2) {
      const key = current[i];
      const v = current[i + 1];
      if (key !== undefined && v !== undefined) headers[key.toLowerCase()] = v;
    }
  } else if (current) {
    Object.assign(headers, current);
  }
  headers[name] = value;
  options.headers = headers;
}

function isRawHeaderList(headers: unknown): headers is readonly string[] {
  return Array.isArray(headers);
}
