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
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type https from 'node:https';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parse, YAMLError } from 'yaml';
import { KeelsonError, isRecord } from '../core/index.js';
import {
  ExecCredentialError,
  ExecCredentialPlugin,
  parseExecConfig,
  type ExecClusterInfo,
  type ExecCredential,
} from './exec-credential.js';
import { detectInCluster } from './in-cluster.js';
import type { KubeAccess } from './kube-access.js';

/**
 * A kubeconfig could not be loaded or used. The message names the source
 * (file, `in-cluster service account` or cluster name) and the context, and
 * never carries a token, key or password.
 */
export class KubeconfigError extends KeelsonError {
  constructor(
    /** A file path (or `:`-joined list), `in-cluster service account`, or a cluster name. */
    readonly source: string,
    readonly problem: string,
    readonly context?: string,
    options?: { readonly cause?: unknown },
  ) {
    const where = context ? `${source} (context ${JSON.stringify(context)})` : source;
    super(`kubeconfig ${where}: ${problem}`, options);
  }
}

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

interface ClusterSettings {
  readonly server: string;
  /** PEM text. */
  readonly caData?: string;
  readonly caFile?: string;
  readonly insecure: boolean;
  readonly serverName?: string;
}

interface UserSettings {
  readonly name: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly certData?: string;
  readonly certFile?: string;
  readonly keyData?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly exec?: ExecCredentialPlugin;
}

type Fail = (problem: string, cause?: unknown) => KubeconfigError;

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

/** The named entries of all files, merged first-wins like kubectl. */
interface MergedConfig {
  readonly clusters: Map<string, Entry>;
  readonly users: Map<string, Entry>;
  readonly contexts: Map<string, Entry>;
  currentContext: string | undefined;
}

/** One named cluster, user or context, with the folder its relative paths resolve against. */
interface Entry {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly dir: string;
}

const SECTIONS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context'],
] as const;

/** The selected context of kubeconfig files, validated. */
interface ResolvedContext {
  readonly contextName: string;
  readonly cluster: ClusterSettings;
  readonly user: UserSettings;
}

function readFiles(
  paths: readonly string[],
  source: string,
  requestedContext: string | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedContext {
  const merged: MergedConfig = {
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: undefined,
  };
  for (const path of paths) mergeFile(merged, path, source);
  return resolveContext(merged, source, requestedContext, env);
}

function mergeFile(merged: MergedConfig, path: string, source: string): void {
  // With a single file the source already names it.
  const fail = (problem: string, cause?: unknown): KubeconfigError =>
    new KubeconfigError(source, path === source ? problem : `${path}: ${problem}`, undefined, {
      cause,
    });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const problem = fsProblem(err);
    throw fail(problem === 'file not found' ? problem : `cannot read: ${problem}`, err);
  }
  let doc: unknown;
  try {
    // logLevel 'error': warnings would be printed with a quote of the file.
    doc = parse(text, { logLevel: 'error' });
  } catch (err) {
    // Only the position: the parser's message quotes the file, which may hold secrets.
    const at = err instanceof YAMLError ? err.linePos?.[0] : undefined;
    throw fail(`invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}`);
  }
  if (doc === null || doc === undefined) return; // an empty file is an empty config
  if (!isRecord(doc)) throw fail('not a kubeconfig: the top level is not a mapping');
  const dir = dirname(resolve(path));
  for (const [section, field] of SECTIONS) {
    const list = doc[section] ?? [];
    if (!Array.isArray(list)) throw fail(`${section} is not a list`);
    list.forEach((item: unknown, i) => {
      if (!isRecord(item) || typeof item.name !== 'string' || !item.name) {
        throw fail(`${section}[${i}] has no name`);
      }
      const body = item[field] ?? {};
      if (!isRecord(body)) {
        throw fail(`${field} ${JSON.stringify(item.name)}: ${field} is not a mapping`);
      }
      const map = merged[section];
      if (!map.has(item.name)) map.set(item.name, { name: item.name, body, dir });
    });
  }
  const current = doc['current-context'];
  if (typeof current === 'string' && current && merged.currentContext === undefined) {
    merged.currentContext = current;
  }
}

function resolveContext(
  merged: MergedConfig,
  source: string,
  requested: string | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedContext {
  const contextName = requested || merged.currentContext;
  const available = `(available: ${namesOf(merged.contexts)})`;
  if (!contextName) {
    throw new KubeconfigError(
      source,
      `no current context: set current-context or choose a context ${available}`,
    );
  }
  const context = merged.contexts.get(contextName);
  if (!context) {
    throw new KubeconfigError(
      source,
      `context ${JSON.stringify(contextName)} not found ${available}`,
    );
  }
  const fail: Fail = (problem, cause) =>
    new KubeconfigError(source, problem, contextName, { cause });
  const fields = fieldsOf(context, 'context', fail);
  const clusterName = fields.string('cluster');
  if (!clusterName) throw fail('the context names no cluster');
  const cluster = merged.clusters.get(clusterName);
  if (!cluster) {
    throw fail(
      `cluster ${JSON.stringify(clusterName)} not found (available: ${namesOf(merged.clusters)})`,
    );
  }
  const userName = fields.string('user');
  const user = userName ? merged.users.get(userName) : undefined;
  if (userName && !user) {
    throw fail(`user ${JSON.stringify(userName)} not found (available: ${namesOf(merged.users)})`);
  }
  return {
    contextName,
    cluster: parseCluster(cluster, fail),
    // A context without a user is anonymous, as in kubectl.
    user: user ? parseUser(user, fail, env) : { name: '' },
  };
}

function parseCluster(entry: Entry, fail: Fail): ClusterSettings {
  const f = fieldsOf(entry, 'cluster', fail);
  if (f.string('proxy-url')) {
    throw fail(
      `${f.what}: proxy-url is not supported: Keelson connects to the API server directly`,
    );
  }
  const server = f.string('server');
  if (!server) throw fail(`${f.what}: no server`);
  if (!isServerUrl(server)) throw fail(`${f.what}: server is not an http(s) URL`);
  return {
    server,
    caData: f.pem('certificate-authority-data'),
    caFile: f.path('certificate-authority'),
    insecure: f.boolean('insecure-skip-tls-verify'),
    serverName: f.string('tls-server-name'),
  };
}

const IMPERSONATION_FIELDS = ['as', 'as-uid', 'as-groups', 'as-user-extra'] as const;

function parseUser(entry: Entry, fail: Fail, env: NodeJS.ProcessEnv): UserSettings {
  const f = fieldsOf(entry, 'user', fail);
  if (isSet(entry.body['auth-provider'])) {
    throw fail(
      `${f.what}: auth-provider is not supported (kubectl removed auth providers in 1.26): use an exec credential plugin instead (e.g. kubelogin, gke-gcloud-auth-plugin)`,
    );
  }
  for (const field of IMPERSONATION_FIELDS) {
    // Ignoring impersonation would act as another identity than configured.
    if (isSet(entry.body[field]))
      throw fail(`${f.what}: impersonation (${field}) is not supported`);
  }
  const user = {
    name: entry.name,
    token: f.string('token'),
    tokenFile: f.path('tokenFile'),
    certData: f.pem('client-certificate-data'),
    certFile: f.path('client-certificate'),
    keyData: f.pem('client-key-data'),
    keyFile: f.path('client-key'),
    username: f.string('username'),
    password: f.string('password'),
  };
  if ((user.token || user.tokenFile) && (user.username || user.password)) {
    throw fail(`${f.what}: set either a token or a username and password, not both`);
  }
  if (!(user.certData || user.certFile) !== !(user.keyData || user.keyFile)) {
    throw fail(`${f.what}: a client certificate needs both a certificate and a key`);
  }
  if (!isSet(entry.body.exec)) return user;
  try {
    return {
      ...user,
      exec: new ExecCredentialPlugin(parseExecConfig(entry.body.exec, entry.dir), env),
    };
  } catch (err) {
    if (err instanceof ExecCredentialError) throw fail(`${f.what}: ${err.message}`, err);
    throw err;
  }
}

/** Typed reads of one entry's fields; messages name the field, never its value. */
interface Fields {
  /** `user "admin"` */
  readonly what: string;
  string(key: string): string | undefined;
  boolean(key: string): boolean;
  /** A base64 `*-data` field, decoded to PEM text. */
  pem(key: string): string | undefined;
  /** A file path, resolved against the kubeconfig's folder. */
  path(key: string): string | undefined;
}

function fieldsOf(entry: Entry, kind: string, fail: Fail): Fields {
  const what = `${kind} ${JSON.stringify(entry.name)}`;
  const string = (key: string): string | undefined => {
    const value = entry.body[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw fail(`${what}: ${key} is not a string`);
    return value;
  };
  return {
    what,
    string,
    boolean: (key) => {
      const value = entry.body[key] ?? false;
      if (typeof value !== 'boolean') throw fail(`${what}: ${key} is not true or false`);
      return value;
    },
    pem: (key) => {
      const encoded = string(key);
      if (encoded === undefined) return undefined;
      const text = Buffer.from(encoded, 'base64').toString('utf8');
      if (!isPem(text)) throw fail(`${what}: ${key} is not base64-encoded PEM`);
      return text;
    },
    path: (key) => {
      const value = string(key);
      return value === undefined ? undefined : resolve(entry.dir, value);
    },
  };
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

function isPem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

function isServerUrl(server: string): boolean {
  try {
    const url = new URL(server);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function namesOf(entries: ReadonlyMap<string, Entry>): string {
  const names = [...entries.keys()].sort();
  return names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'none';
}

function isErrorCode(err: unknown, code: string): boolean {
  return isRecord(err) && err.code === code;
}

/** A file error in a few words (the code), without Node's long message. */
function fsProblem(err: unknown): string {
  if (isErrorCode(err, 'ENOENT')) return 'file not found';
  return isRecord(err) && typeof err.code === 'string' ? err.code : 'unreadable';
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
