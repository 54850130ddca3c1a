#!/usr/bin/env node
// `npm run demo`: installs and builds what is missing, then runs the demo
// (a local control plane and an example Git repository) until Ctrl-C.
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { build, checkPrerequisites, ensureTools, installDependencies, root } from './bootstrap.mjs';

checkPrerequisites();
installDependencies();
build();
ensureTools();
const child = spawn(
  process.execPath,
  [join(root, 'dist', 'demo', 'main.js'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
