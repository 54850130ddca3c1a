/**
 * Which backend a command talks to, decided in one place:
 *
 * 1. `--core` → **direct**: Keelson's resources in Kubernetes, with the
 *    rights of the kubeconfig (`--kubeconfig`, `--context`, `-n`).
 * 2. `--server URL`, else `$KEELSON_SERVER`, else the current context of the
 *    config file (after `keelson login`) → **server**: `keelson server` over
 *    HTTP with a token: `$KEELSON_AUTH_TOKEN` (for CI), else the context's
 *    stored session token. Tokens never come from arguments.
 * 3. Otherwise → direct.
 */
import { Option, type Command } from 'commander';
import { userInfo } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpBackend } from '../client/index.js';
import { KeelsonError } from '../core/index.js';
import {
  createDirectBackend,
  type AccountOperations,
  type Actor,
  type KeelsonBackend,
} from '../service/index.js';
import { configPath, currentContext, readCliConfig, type CliConfig } from './config.js';
import { ensureTools } from '../testenv/index.js';
import { loadKubeConfig } from './install.js';

/** The connection flags every resource command takes. */
export interface BackendFlags {
  readonly core?: boolean;
  readonly server?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Where Applications live (direct mode). */
  readonly namespace?: string;
}

export type BackendChoice =
  | { readonly mode: 'direct' }
  | {
      readonly mode: 'server';
      readonly server: string;
      readonly token?: string;
      /** The config-file context the server and token came from. */
      readonly context?: string;
      readonly user?: string;
    };

/** Keelson's namespace when neither `-n` nor `$KEELSON_NAMESPACE` says otherwise. */
export const DEFAULT_APP_NAMESPACE = 'keelson';

/** Decides direct or server mode (pure: the precedence documented above). */
export function chooseBackend(
  flags: Pick<BackendFlags, 'core' | 'server'>,
  env: NodeJS.ProcessEnv,
  config: CliConfig,
): BackendChoice {
  if (flags.core) return { mode: 'direct' };
  const envToken = env.KEELSON_AUTH_TOKEN || undefined;
  const explicit = flags.server || env.KEELSON_SERVER;
  if (explicit) {
    const server = trimSlash(explicit);
    const stored = config.contexts.find((c) => trimSlash(c.server) === server);
    const token = envToken ?? stored?.token;
    return {
      mode: 'server',
      server,
      ...(token ? { token } : {}),
      ...(stored ? { context: stored.name, ...(stored.user ? { user: stored.user } : {}) } : {}),
    };
  }
  const current = currentContext(config);
  if (!current) return { mode: 'direct' };
  const token = envToken ?? current.token;
  return {
    mode: 'server',
    server: trimSlash(current.server),
    context: current.name,
    ...(token ? { token } : {}),
    ...(current.user ? { user: current.user } : {}),
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** An open backend; `close()` releases its watches and connections. */
export interface OpenBackend {
  readonly mode: 'direct' | 'server';
  readonly backend: KeelsonBackend;
  /** Account operations: server mode only. */
  readonly accounts?: AccountOperations;
  /** Who is recorded as having started a sync or rollback. */
  readonly actor: Actor;
  /** Where the backend is, for messages (`https://keelson.example.com` or the kubeconfig's server). */
  readonly where: string;
  close(): Promise<void>;
}

/** Direct mode was asked for something only the API server does. */
export class ServerModeRequiredError extends KeelsonError {}

/** What a command needs from the backend beyond reading and writing objects. */
export interface BackendNeeds {
  /** The command renders sources (diffs): direct mode then needs Helm and Kustomize. */
  readonly render?: boolean;
}

/** Opens the backend the flags and environment choose. */
export async function openBackend(
  flags: BackendFlags,
  needs: BackendNeeds = {},
): Promise<OpenBackend> {
  // --core never needs the config file: a broken one must not stand in its way.
  const config = flags.core ? { contexts: [] } : await readCliConfig(configPath(process.env));
  const choice = chooseBackend(flags, process.env, config);
  if (choice.mode === 'server') {
    const client = new HttpBackend({
      server: choice.server,
      ...(choice.token ? { token: choice.token } : {}),
    });
    return {
      mode: 'server',
      backend: client,
      accounts: client.accounts,
      actor: { username: choice.user ?? 'unknown' },
      where: choice.server,
      close: async () => undefined,
    };
  }
  return openDirectBackend(flags, needs);
}

/** The direct backend on the kubeconfig the flags name (also used by `diff --local`, which is direct only). */
export async function openDirectBackend(
  flags: BackendFlags,
  needs: BackendNeeds = {},
): Promise<OpenBackend> {
  const kc = loadKubeConfig(flags);
  const namespace = flags.namespace || process.env.KEELSON_NAMESPACE || DEFAULT_APP_NAMESPACE;
  // Found in the tool cache (or KEELSON_BIN_DIR); built on first use only.
  const tools = needs.render
    ? await ensureTools(['helm', 'kustomize'], {
        log: (line) => void process.stderr.write(`${line}\n`),
      })
    : undefined;
  const direct = await createDirectBackend({
    kubeConfig: kc,
    namespace,
    ...(tools ? { helm: tools.helm, kustomize: tools.kustomize } : {}),
  });
  return {
    mode: 'direct',
    backend: direct,
    actor: { username: kubeUser(kc) },
    where: kc.getCurrentCluster()?.server ?? 'the kubeconfig cluster',
    close: async () => {
      await direct.close();
    },
  };
}

/** The kubeconfig user's name, else the local login name: who the audit trail shows in direct mode. */
function kubeUser(kc: KubeConfig): string {
  return kc.getCurrentUser()?.name || userInfo().username;
}

const CONNECTION_OPTIONS = 'Connection options:';
const NAMESPACE_HELP = `direct mode: namespace of Keelson's Applications (default: $KEELSON_NAMESPACE or ${DEFAULT_APP_NAMESPACE})`;

/**
 * Adds the connection flags to a command, listed under their own heading
 * in its help. `namespaceFlag: false` leaves out `-n, --namespace` for
 * commands that use `--namespace` for something else (`cluster add`); they
 * get `--keelson-namespace` instead.
 */
export function withBackendOptions(command: Command, namespaceFlag = true): Command {
  const option = (flags: string, description: string): Option =>
    new Option(flags, description).helpGroup(CONNECTION_OPTIONS);
  command
    .addOption(
      option('--core', 'talk to Kubernetes directly with the kubeconfig, even after keelson login'),
    )
    .addOption(
      option(
        '--server <url>',
        'Keelson API server (default: $KEELSON_SERVER or the logged-in context)',
      ),
    )
    .addOption(
      option(
        '--kubeconfig <path>',
        'direct mode: kubeconfig file (default: $KUBECONFIG or ~/.kube/config)',
      ),
    )
    .addOption(
      option('--context <name>', 'direct mode: kubeconfig context (default: the current one)'),
    )
    .addOption(
      option(namespaceFlag ? '-n, --namespace <ns>' : '--keelson-namespace <ns>', NAMESPACE_HELP),
    );
  return command;
}

/** Runs `use` with an open backend and closes it afterwards. */
export async function withBackend<T>(
  flags: BackendFlags,
  use: (open: OpenBackend) => Promise<T>,
  needs: BackendNeeds = {},
): Promise<T> {
  const open = await openBackend(flags, needs);
  try {
    return await use(open);
  } finally {
    await open.close();
  }
}
