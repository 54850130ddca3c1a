import { isAbsolute, resolve } from 'node:path';
import { KeelsonError, errorMessage, isRecord } from '../core/index.js';
import { ToolNotFoundError, runTool } from '../exec/index.js';

/**
 * Exec credential plugins (`users[].user.exec` in a kubeconfig): a program
 * that prints an `ExecCredential` with a token or a client certificate, as
 * used by `aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`, ...
 * Same protocol as client-go's `pkg/client/auth/exec`, minus interactive
 * plugins: Keelson never has a terminal.
 */

/** The exec API versions kubectl still supports (v1alpha1 was removed in 1.24). */
const EXEC_API_VERSIONS = [
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
] as const;

export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

/**
 * Nothing we spawn may hang forever, and a plugin runs on the request path.
 * Cloud plugins answer in a second or two; this leaves room for a slow
 * metadata server without blocking requests for minutes.
 */
const EXEC_TIMEOUT_MS = 30_000;

/**
 * A credential is renewed this long before it expires. It matches the
 * minute for which `ClusterConnection` reuses what
 * `applyToHTTPSOptions` gave it, so a token handed out is still valid for
 * every request the connection sends with it.
 */
const EXPIRY_MARGIN_MS = 60_000;

/** An exec plugin's settings, validated, with its command resolved. */
export interface ExecConfig {
  readonly apiVersion: ExecApiVersion;
  /** A program on PATH, or an absolute path. */
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  /** Shown when the program is missing (`installHint`). */
  readonly installHint?: string;
  /** Whether the plugin asks for the cluster in `KUBERNETES_EXEC_INFO` (`provideClusterInfo`). */
  readonly provideClusterInfo: boolean;
}

/** What a plugin may be told about the cluster (`spec.cluster` of `KUBERNETES_EXEC_INFO`). */
export interface ExecClusterInfo {
  readonly server: string;
  readonly tlsServerName?: string;
  readonly insecure: boolean;
  /** PEM text. */
  readonly caData?: string;
}

/** What a plugin gave: a bearer token, or a client certificate and key (PEM), or both. */
export interface ExecCredential {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
}

/**
 * A plugin is misconfigured, failed, or printed no usable credential. The
 * message never carries the credential; `Kubeconfig` wraps it in a
 * `KubeconfigError` naming the kubeconfig and the user.
 */
export class ExecCredentialError extends KeelsonError {}

/**
 * Validates a kubeconfig's `exec` block. A relative command is resolved
 * against `dir` (the kubeconfig's folder) only when it contains a path
 * separator, as kubectl does; a bare name is looked up on PATH.
 */
export function parseExecConfig(raw: unknown, dir: string): ExecConfig {
  if (!isRecord(raw)) throw new ExecCredentialError('exec is not a mapping');
  const apiVersion = raw.apiVersion;
  if (!isExecApiVersion(apiVersion)) {
    const shown = typeof apiVersion === 'string' ? ` "${apiVersion}"` : '';
    throw new ExecCredentialError(
      `exec.apiVersion${shown} is not supported: use ${EXEC_API_VERSIONS.join(' or ')}`,
    );
  }
  const command = raw.command;
  if (typeof command !== 'string' || !command) {
    throw new ExecCredentialError('exec.command is missing');
  }
  const args = raw.args ?? [];
  if (!Array.isArray(args) || !args.every((a): a is string => typeof a === 'string')) {
    throw new ExecCredentialError('exec.args is not a list of strings');
  }
  const rawEnv: unknown = raw.env ?? [];
  if (!Array.isArray(rawEnv)) throw new ExecCredentialError('exec.env is not a list');
  const env = rawEnv.map((entry: unknown, i) => {
    // Values are often secrets: the message names the entry, never its value.
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string') {
      throw new ExecCredentialError(`exec.env[${i}] needs a string name and value`);
    }
    return { name: entry.name, value: entry.value };
  });
  if (raw.interactiveMode === 'Always') {
    throw new ExecCredentialError(
      'exec.interactiveMode is Always, but Keelson runs plugins without a terminal',
    );
  }
  const hasSeparator = command.includes('/') || command.includes('\\');
  return {
    apiVersion,
    command: hasSeparator && !isAbsolute(command) ? resolve(dir, command) : command,
    args,
    env,
    installHint: typeof raw.installHint === 'string' ? raw.installHint : undefined,
    provideClusterInfo: raw.provideClusterInfo === true,
  };
}

function isExecApiVersion(value: unknown): value is ExecApiVersion {
  return EXEC_API_VERSIONS.some((v) => v === value);
}

/**
 * Runs one plugin on demand and caches its credential until
 * `status.expirationTimestamp` (minus a margin), or for the life of the
 * process when the plugin gives no expiry. Concurrent callers share one run.
 */
export class ExecCredentialPlugin {
  #cached: { readonly credential: ExecCredential; readonly expiresAt: number } | undefined;
  #running: Promise<ExecCredential> | undefined;

  constructor(
    readonly config: ExecConfig,
    /** The environment the plugin inherits (plus its `env` and `KUBERNETES_EXEC_INFO`). */
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {}

  /** The cached credential, or a fresh one from running the plugin. */
  credential(cluster?: ExecClusterInfo): Promise<ExecCredential> {
    const cached = this.#cached;
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.credential);
    this.#running ??= this.#run(cluster).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #run(cluster: ExecClusterInfo | undefined): Promise<ExecCredential> {
    const { config } = this;
    const info = {
      apiVersion: config.apiVersion,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        ...(config.provideClusterInfo && cluster ? { cluster: clusterSpec(cluster) } : {}),
      },
    };
    const env: NodeJS.ProcessEnv = { ...this.baseEnv };
    for (const { name, value } of config.env) env[name] = value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify(info);
    let stdout: string;
    try {
      ({ stdout } = await runTool(config.command, config.args, {
        env,
        timeoutMs: EXEC_TIMEOUT_MS,
        // The configured env values are the secrets we know of (API keys,
        // profiles); the token the plugin prints is only ever on stdout.
        redact: config.env.map((e) => e.value),
      }));
    } catch (err) {
      if (err instanceof ToolNotFoundError) {
        const hint = config.installHint ? ` (${config.installHint.trim()})` : '';
        throw new ExecCredentialError(`exec credential plugin ${config.command} not found${hint}`, {
          cause: err,
        });
      }
      // runTool's message names the command and ends with its redacted stderr.
      throw new ExecCredentialError(`exec credential plugin failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    const { credential, expiresAt } = parseExecCredential(stdout, config);
    this.#cached = { credential, expiresAt: expiresAt - EXPIRY_MARGIN_MS };
    return credential;
  }
}

function clusterSpec(cluster: ExecClusterInfo): Record<string, unknown> {
  return {
    server: cluster.server,
    ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
    ...(cluster.insecure ? { 'insecure-skip-tls-verify': true } : {}),
    ...(cluster.caData
      ? { 'certificate-authority-data': Buffer.from(cluster.caData).toString('base64') }
      : {}),
  };
}

/**
 * Reads a plugin's stdout. Nothing of it is ever echoed in an error: it
 * holds the credential.
 */
function parseExecCredential(
  stdout: string,
  config: ExecConfig,
): { readonly credential: ExecCredential; readonly expiresAt: number } {
  const fail = (problem: string): ExecCredentialError =>
    new ExecCredentialError(`exec credential plugin ${config.command} ${problem}`);
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw fail('printed no JSON ExecCredential');
  }
  if (!isRecord(doc) || doc.kind !== 'ExecCredential') throw fail('printed no ExecCredential');
  if (doc.apiVersion !== config.apiVersion) {
    const got = typeof doc.apiVersion === 'string' ? doc.apiVersion.slice(0, 80) : 'none';
    throw fail(`answered with apiVersion ${got}, but the kubeconfig asks for ${config.apiVersion}`);
  }
  const status = doc.status;
  if (!isRecord(status)) throw fail('printed an ExecCredential without status');
  const token = nonEmptyString(status.token);
  const cert = nonEmptyString(status.clientCertificateData);
  const key = nonEmptyString(status.clientKeyData);
  if ((cert === undefined) !== (key === undefined)) {
    throw fail('gave only one of clientCertificateData and clientKeyData');
  }
  if (token === undefined && cert === undefined) {
    throw fail('gave neither a token nor a client certificate');
  }
  let expiresAt = Number.POSITIVE_INFINITY;
  if (status.expirationTimestamp !== undefined && status.expirationTimestamp !== null) {
    const at =
      typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : NaN;
    if (Number.isNaN(at)) throw fail('gave an expirationTimestamp that is not an RFC 3339 time');
    expiresAt = at;
  }
  const credential: ExecCredential = {
    ...(token !== undefined ? { token } : {}),
    ...(cert !== undefined ? { clientCertificateData: cert, clientKeyData: key } : {}),
  };
  return { credential, expiresAt };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
