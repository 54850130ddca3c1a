/**
 * Reading kubeconfig files for {@link Kubeconfig}: merging several files
 * first-wins like kubectl, selecting the context, and validating its cluster
 * and user into settings. File paths in an entry resolve against the folder
 * of the file that names them.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, YAMLError } from 'yaml';
import { isRecord } from '../core/index.js';
import { ExecCredentialError, ExecCredentialPlugin, parseExecConfig } from './exec-credential.js';
import { KubeconfigError } from './kubeconfig-error.js';

export interface ClusterSettings {
  readonly server: string;
  /** PEM text. */
  readonly caData?: string;
  readonly caFile?: string;
  readonly insecure: boolean;
  readonly serverName?: string;
}

export interface UserSettings {
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

export type Fail = (problem: string, cause?: unknown) => KubeconfigError;

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

export function readFiles(
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

export function isPem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

export function isServerUrl(server: string): boolean {
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
export function fsProblem(err: unknown): string {
  if (isErrorCode(err, 'ENOENT')) return 'file not found';
  return isRecord(err) && typeof err.code === 'string' ? err.code : 'unreadable';
}
