/**
 * Browser tests of the web UI: Debian's Chromium driven by playwright-core,
 * against a UI built fresh by Vite into a temporary directory (so a test
 * never races a developer's `npm run build` on dist/ui).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = process.env.KEELSON_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Screenshots of the main pages (gitignored); a few are copied to docs/images by hand. */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'ui');

/** Builds the UI into a new temporary directory and returns it (for `uiDir`). */
export async function buildUi(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'keelson-ui-'));
  await build({
    configFile: join(ROOT, 'ui', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: run \`node scripts/ensure-chromium.mjs\` (installs Debian's chromium) or set KEELSON_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** A new page with a desktop viewport; browser console errors are collected for the test to check. */
export async function newPage(
  browser: Browser,
  baseURL: string,
): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  return { page, consoleErrors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
