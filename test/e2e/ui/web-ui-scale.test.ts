/**
 * The applications list with a thousand applications: the server pages and
 * filters, the browser renders one page (60 tiles), the facet counts cover
 * all of them, and the live stream's initial burst (an ADDED per
 * application) does not stall the page.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMapYaml } from '../support/controller-env.js';
import { startServerEnv, type ServerEnv } from '../support/server-env.js';
import { buildUi, launchBrowser, newPage, screenshot } from './browser.js';
import { rm } from 'node:fs/promises';

const COUNT = 1000;
const PAGE_SIZE = 60;
/** Loading the list page with COUNT applications (typically 2–5 s here, on a busy 2-core machine); generous, as other test files share the CPU. The DOM-size check is the real guard. */
const LOAD_BUDGET_MS = 20_000;

let env: ServerEnv;
let uiDir: string;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

const name = (i: number) => `app-${String(i).padStart(4, '0')}`;

beforeAll(async () => {
  [uiDir, browser] = await Promise.all([buildUi(), launchBrowser()]);
  env = await startServerEnv(
    'web-ui-scale',
    { 'config/cm.yaml': configMapYaml('scale-config', { color: 'blue' }) },
    { server: { uiDir } },
  );
  // Applications of a project that does not exist: the controller only marks
  // them InvalidSpecError, so a thousand cost little CPU on a small machine.
  const custom = env.kc.makeApiClient(CustomObjectsApi);
  const create = (i: number) =>
    custom.createNamespacedCustomObject({
      group: 'keelson.dev',
      version: 'v1alpha1',
      namespace: env.namespace,
      plural: 'applications',
      body: {
        apiVersion: 'keelson.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: name(i), labels: { team: i % 2 ? 'odd' : 'even' } },
        spec: {
          project: i % 10 === 0 ? 'audit' : 'fleet',
          source: { repoURL: env.repoURL, path: 'config', targetRevision: 'main' },
          destination: { server: 'https://kubernetes.default.svc', namespace: `ns-${i % 7}` },
        },
      },
    });
  for (let i = 0; i < COUNT; i += 25) {
    await Promise.all(Array.from({ length: Math.min(25, COUNT - i) }, (_, j) => create(i + j)));
  }
  ({ page, consoleErrors } = await newPage(browser, env.url));
  await page.goto('/login');
  await page.getByLabel('Password').fill(env.adminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

describe('web UI with a thousand applications', () => {
  it('renders one page of tiles quickly and counts every application', async () => {
    const started = Date.now();
    await page.goto('/applications');
    await page.getByText(`1–${PAGE_SIZE} of ${COUNT} applications`).waitFor();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(LOAD_BUDGET_MS);
    expect(await page.locator('.tile').count()).toBe(PAGE_SIZE);
    // Every application is either Synced, OutOfSync or Unknown: the facets add up.
    const syncCounts = await page
      .getByRole('group', { name: 'Sync status' })
      .locator('.count')
      .allTextContents();
    expect(syncCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(COUNT);
    await screenshot(page, 'applications-scale');
  });

  it('pages with continue tokens', async () => {
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(`${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of ${COUNT} applications`).waitFor();
    await page.getByRole('link', { name: name(PAGE_SIZE) }).waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByRole('link', { name: name(0) }).waitFor();
  });

  it('filters on the server: search ("/" focuses it), project and labels', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('app-01');
    // app-0100 … app-0199
    await page.getByText('1–60 of 100 applications').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('app-01');
    // A project that has no AppProject (yet) can be filtered on from the URL, and its box unticked.
    await page.goto('/applications?q=app-01&proj=audit');
    // app-0100, app-0110, … app-0190
    await page.getByText('1–10 of 10 applications').waitFor();
    const audit = page.getByRole('group', { name: 'Projects' }).getByLabel('audit');
    expect(await audit.isChecked()).toBe(true);
    await audit.uncheck();
    await page.getByText('1–60 of 100 applications').waitFor();
    await audit.check();
    await page.getByText('1–10 of 10 applications').waitFor();
    await page.getByLabel('Labels').fill('team=odd');
    await page.getByLabel('Labels').press('Enter');
    await page.getByText('No applications match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(`1–${PAGE_SIZE} of ${COUNT} applications`).waitFor();
  });

  it('shows the same page as a table', async () => {
    await page.getByRole('button', { name: 'Table' }).click();
    const rows = page.getByRole('table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(PAGE_SIZE);
    expect(consoleErrors).toEqual([]);
  });
});
