#!/usr/bin/env node
// Makes sure a Chromium for the web UI's browser tests (test/e2e/ui) is
// installed: Debian's `chromium` package at /usr/bin/chromium (or the one
// KEELSON_CHROMIUM names). As root on Debian/Ubuntu it installs the package
// with apt-get; otherwise it says what is missing and exits with status 1.
// Plain JavaScript with no dependencies, like bootstrap.mjs. Idempotent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const path = process.env.KEELSON_CHROMIUM ?? '/usr/bin/chromium';

function fail(message) {
  process.stderr.write(`\nkeelson: ${message}\n`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error || result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} failed (exit code ${result.status ?? '?'}); its output is above`,
    );
  }
}

export function ensureChromium() {
  if (existsSync(path)) return path;
  if (process.env.KEELSON_CHROMIUM) {
    fail(`KEELSON_CHROMIUM is set to ${path}, which does not exist`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    fail(
      `the web UI's browser tests need Chromium at ${path}: install it (Debian/Ubuntu: \`sudo apt-get install -y chromium\`), ` +
        'or set KEELSON_CHROMIUM to a Chromium or Chrome binary',
    );
  }
  process.stderr.write(
    "==> installing Debian's chromium for the web UI tests (apt-get install -y chromium)\n",
  );
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(path)) fail(`apt-get installed chromium, but ${path} is still missing`);
  return path;
}

// Run directly (`node scripts/ensure-chromium.mjs`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${ensureChromium()}\n`);
}
