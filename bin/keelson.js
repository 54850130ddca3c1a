#!/usr/bin/env node
// Entry point of the installed `keelson` command: runs the compiled CLI.
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
