import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MODULE = fileURLToPath(new URL('./memory-tuning.ts', import.meta.url));

// Tunes a fresh node process, churns through short-lived objects, and prints
// the young generation's size in MiB.
const SCRIPT = `
const { tuneMemoryForLongRun } = await import(${JSON.stringify(MODULE)});
tuneMemoryForLongRun();
const v8 = await import('node:v8');
let keep = [];
for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 50000) keep = []; }
const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(young.space_size / 1048576);
`;

async function youngGenerationMiB(nodeOptions = ''): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', SCRIPT],
    { env: { ...process.env, NODE_OPTIONS: nodeOptions } },
  );
  return Number(stdout.trim());
}

describe('tuneMemoryForLongRun', () => {
  it('keeps the young generation at its initial size under allocation pressure', async () => {
    expect(await youngGenerationMiB()).toBeLessThanOrEqual(4);
  });

  it("leaves the heap to whoever sets node's own heap flags", async () => {
    expect(await youngGenerationMiB('--max-semi-space-size=16')).toBeGreaterThan(4);
  });
});
