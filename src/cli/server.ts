import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { jsonLogger, type LogLevel } from '../core/index.js';
import { ADMIN_PASSWORD_ENV } from '../api/index.js';
import { startApiServer } from '../server/index.js';
import { createDirectBackend } from '../service/index.js';
import { ensureTools } from '../testenv/index.js';
import { loadKubeConfig, type KubeConfigOptions } from './install.js';
import { VERSION } from './version.js';

interface ServerCommandOptions extends KubeConfigOptions {
  readonly port: number;
  readonly address: string;
  readonly namespace: string;
  readonly insecureCookie?: boolean;
  readonly logLevel: LogLevel;
  readonly allowLocalRepos?: boolean;
  readonly uiDir: string;
  readonly baseUrl?: string;
}

/** `dist/ui` of the installed package (two levels up from src/cli or dist/cli). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../dist/ui', import.meta.url));

/**
 * `keelson server`: the API server and web UI on the direct backend, until
 * interrupted. The initial admin password comes from `KEELSON_ADMIN_PASSWORD`
 * (read here, at the edge) or is generated on first start.
 */
export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('run the API server and web UI until interrupted')
    .option('--port <port>', 'port to listen on', port, 8080)
    .option('--address <addr>', 'address to listen on', '0.0.0.0')
    .option('-n, --namespace <ns>', "namespace of Keelson's resources and settings", 'keelson')
    .option(
      '--kubeconfig <path>',
      'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)',
    )
    .option('--context <name>', 'kubeconfig context')
    .option('--insecure-cookie', 'never mark cookies Secure (plain HTTP without TLS in front)')
    .option('--log-level <level>', 'debug, info, warn or error', logLevel, 'info')
    .option('--allow-local-repos', 'allow file:// repositories in diffs (local use only)')
    .option('--ui-dir <dir>', 'the built web UI', DEFAULT_UI_DIR)
    .option('--base-url <url>', 'external URL when keelson-cm has no url (SSO redirect, cookies)')
    .action(async (opts: ServerCommandOptions) => {
      const logger = jsonLogger(opts.logLevel);
      const kubeConfig = loadKubeConfig(opts);
      const tools = await ensureTools(['helm', 'kustomize'], { log: (line) => logger.info(line) });
      const backend = await createDirectBackend({
        kubeConfig,
        namespace: opts.namespace,
        logger,
        cacheApplications: true,
        helm: tools.helm,
        kustomize: tools.kustomize,
        allowLocalRepos: opts.allowLocalRepos ?? false,
      });
      if (!existsSync(opts.uiDir)) logger.warn('web UI not built', { uiDir: opts.uiDir });
      const server = await startApiServer({
        backend,
        kubeConfig,
        namespace: opts.namespace,
        port: opts.port,
        address: opts.address,
        logger,
        version: VERSION,
        uiDir: opts.uiDir,
        insecureCookie: opts.insecureCookie ?? false,
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        ...(process.env[ADMIN_PASSWORD_ENV]
          ? { adminPassword: process.env[ADMIN_PASSWORD_ENV] }
          : {}),
      });
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          logger.info('stopping API server');
          void server
            .close()
            .then(() => backend.close())
            .finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`expected a port number, got ${value}`);
  return n;
}

function logLevel(value: string): LogLevel {
  if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
  throw new InvalidArgumentError(`expected debug, info, warn or error, got ${value}`);
}
