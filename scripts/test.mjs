#!/usr/bin/env node
// `npm test`: everything CI checks, from a fresh machine. Installs and builds
// what is missing (idempotently), then runs typecheck, lint, the unit tests and
// the integration tests on real local control planes, and ends with one line
// "N passed, N failed, N skipped". Extra arguments go to vitest
// (e.g. `npm test -- src/testenv`).
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  build,
  checkPrerequisites,
  ensureTools,
  installDependencies,
  root,
  run,
  step,
} from './bootstrap.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

const started = Date.now();
checkPrerequisites();
installDependencies();
build();
ensureTools();
ensureChromium();

const bin = (name) => join(root, 'node_modules', '.bin', name);
step('typecheck');
run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run(bin('tsc'), ['-p', 'ui/tsconfig.json']);
step('lint');
run(bin('eslint'), ['.']);
run(bin('prettier'), ['--check', '.', '--log-level', 'warn']);

step('tests (vitest: unit, then integration on local control planes)');
const report = join(root, 'test-results', 'vitest.json');
// Each run gets its own temporary directory (clusters, repositories, caches), so
// the safety net below can never touch a cluster that belongs to anything else.
const runTmp = mkdtempSync(join(tmpdir(), 'keelson-test-run-'));
const result = spawnSync(
  bin('vitest'),
  [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TMPDIR: runTmp } },
);
reapStrayClusters(runTmp);
if (result.status === 0) rmSync(runTmp, { recursive: true, force: true });
else process.stderr.write(`kept ${runTmp} (cluster logs of this run)\n`);

let summary = { passed: 0, failed: 0, skipped: 0 };
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  // A file whose setup failed (beforeAll, an import) reports its tests as
  // skipped, or none at all: they count as failed here, or the summary
  // would hide the failure.
  const failedFiles = json.testResults.filter((file) => file.status === 'failed');
  const notRun = failedFiles.flatMap((file) =>
    file.assertionResults.filter((t) => t.status !== 'passed' && t.status !== 'failed'),
  ).length;
  const withoutTests = failedFiles.filter((file) => file.assertionResults.length === 0).length;
  summary = {
    passed: json.numPassedTests,
    failed: json.numFailedTests + notRun + withoutTests,
    skipped: json.numPendingTests + json.numTodoTests - notRun,
  };
} catch {
  // no report: vitest failed before running tests; its output says why
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
process.stdout.write(`\nnpm test took ${minutes} min\n`);
process.stdout.write(
  `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`,
);
process.exit(result.status ?? 1);

// Ephemeral clusters tear themselves down when their owner exits; this is the
// safety net for a supervisor that was itself killed: no process may outlive the run.
function reapStrayClusters(dirOfRun) {
  for (const entry of readdirSync(dirOfRun)) {
    if (!entry.startsWith('keelson-cluster-')) continue;
    const dir = join(dirOfRun, entry);
    try {
      const status = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'));
      process.kill(-status.pid, 'SIGKILL');
      process.stderr.write(`reaped stray local cluster processes (group ${status.pid})\n`);
    } catch {
      // gone already
    }
  }
}
