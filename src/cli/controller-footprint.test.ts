/**
 * The controller process must not load `@kubernetes/client-node`: importing
 * it (its `KubeConfig` pulls in the whole generated API) costs ~70 MiB of
 * resident memory, a quarter of the controller's 300 MB budget at 1,000
 * applications. The CLI and API server may use it; the controller reaches
 * clusters through `src/cluster` alone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, ToolFailedError } from '../exec/index.js';

// A module resolution hook that refuses the official client, naming who asked for it.
const REFUSE_CLIENT = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/node_modules/@kubernetes/client-node/'))
    throw new Error('client-node loaded: ' + specifier + ' from ' + context.parentURL);
  return result;
}
`;

describe('the controller process', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keelson-footprint-'));
    await writeFile(join(dir, 'refuse.mjs'), REFUSE_CLIENT);
    await writeFile(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'refuse.mjs')).href)});\n`,
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const importUnderHook = (modulePath: string) =>
    runTool(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        pathToFileURL(join(dir, 'register.mjs')).href,
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(pathToFileURL(resolve(modulePath)).href)});`,
      ],
      { timeoutMs: 60_000 },
    );

  it('loads without the official Kubernetes client', async () => {
    await expect(importUnderHook('src/cli/controller.ts')).resolves.toBeDefined();
  });

  it('would be caught if it did load it (the hook works)', async () => {
    const err = await importUnderHook('src/cli/install.ts').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolFailedError);
    expect(String((err as ToolFailedError).stderr)).toContain('client-node loaded');
  });
});
