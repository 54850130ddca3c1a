// Shared first step of `npm test` and `npm run demo` on a fresh machine:
// check prerequisites, install npm dependencies when they are missing or stale,
// and compile the TypeScript. Plain JavaScript with no dependencies, because it
// runs before anything is installed. Every step is idempotent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Prints one line and exits with status 1. */
export function fail(message) {
  process.stderr.write(`\nkeelson: ${message}\n`);
  process.exit(1);
}

function has(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export function checkPrerequisites({ needGo = true } = {}) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(
      `Node.js 20.19 or newer is required (found ${process.versions.node}): install it from https://nodejs.org`,
    );
  }
  if (!has('git', ['--version'])) fail('git is required: install it, e.g. `apt-get install git`');
  if (!has('openssl', ['version']))
    fail('openssl is required: install it, e.g. `apt-get install openssl`');
  if (needGo && !process.env.KEELSON_BIN_DIR && !has('go', ['version'])) {
    fail(
      'a Go toolchain (1.24 or newer) is required once, to build kube-apiserver, etcd, kwok, helm, kustomize and sops ' +
        'from their pinned modules: install it from https://go.dev/dl, or set KEELSON_BIN_DIR to a directory of those binaries',
    );
  }
}

/**
 * Installs the locked npm dependencies when node_modules is missing or older
 * than package-lock.json. `npm install` rather than `npm ci`: `ci` rejects a lock
 * whose optional platform packages (rollup's, for other operating systems) a
 * registry mirror does not carry, while `install` installs the same locked
 * versions and skips those optional packages.
 */
export function installDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step('installing npm dependencies (npm install)');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

export function build() {
  step('compiling TypeScript and the web UI (npm run build)');
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.build.json',
  ]);
  run(process.execPath, [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    'ui/vite.config.ts',
    '--logLevel',
    'warn',
  ]);
}

/** Builds (once, cached) the pinned binaries: control plane, kwok, helm, kustomize, sops, age. */
export function ensureTools() {
  step(
    'checking the pinned tools (built once from tools/*/go.mod into ~/.cache/keelson; the first build takes several minutes)',
  );
  run(process.execPath, [join(root, 'dist', 'testenv', 'ensure-tools-main.js')]);
}

export function step(message) {
  process.stderr.write(`==> ${message}\n`);
}

export function run(command, args, options = {}) {
  try {
    execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  } catch (err) {
    fail(
      `${command} ${args.join(' ')} failed (exit code ${err.status ?? '?'}); its output is above`,
    );
  }
}
