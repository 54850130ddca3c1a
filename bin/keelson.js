#!/usr/bin/env node
// Entry point of the installed `keelson` command: runs the compiled CLI.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'keelson: not built yet: run `npm run build` in the Keelson checkout first\n',
  );
  process.exit(1);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
