/**
 * The web UI end to end, in a real browser, on the real API server,
 * controller and control plane: log in, create an application with the form,
 * sync it and see it Healthy, cause drift and see the diff, change Git, roll
 * back from the history, and delete — every state change seen through live
 * updates, without reloading the page.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/core/index.js';
import { startServerEnv, type ServerEnv } from '../support/server-env.js';
import { buildUi, launchBrowser, newPage, screenshot } from './browser.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/guestbook/', import.meta.url));
const FILES = Object.fromEntries(
  [
    'base/deployment.yaml',
    'base/service.yaml',
    'base/kustomization.yaml',
    'overlays/dev/kustomization.yaml',
  ].map((path) => [path, readFileSync(join(EXAMPLE, path), 'utf8')]),
);
const APP = 'guestbook-dev';
const NAMESPACE = 'guestbook-dev';
const DEPLOYMENT = 'dev-guestbook-ui';
/** Time for the controller to sync and the (kwok) Pods to become ready. */
const SYNC_TIMEOUT = 90_000;

let env: ServerEnv;
let uiDir: string;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let firstRevision: string;

/** The status card of the application page ("Health", "Sync"…). */
const card = (title: string) =>
  page.locator('.summary-card', { has: page.getByRole('heading', { name: title }) });

async function waitForStatus(title: string, text: string, timeout = SYNC_TIMEOUT) {
  await card(title).getByText(text, { exact: true }).first().waitFor({ timeout });
}

async function syncFromDialog() {
  await page
    .getByRole('toolbar', { name: 'Application actions' })
    .getByRole('button', { name: 'Sync', exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: `Sync ${APP}` });
  await dialog.getByRole('button', { name: 'Synchronize' }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function deploymentReplicas(): Promise<number | undefined> {
  const deployment = await env.controller.apps
    .readNamespacedDeployment({ name: DEPLOYMENT, namespace: NAMESPACE })
    .catch(() => undefined);
  return deployment?.spec?.replicas;
}

beforeAll(async () => {
  // The server serves the UI it finds at start: build first (while Chromium starts).
  [uiDir, browser] = await Promise.all([buildUi(), launchBrowser()]);
  env = await startServerEnv('web-ui', FILES, { server: { uiDir } });
  await env.kc
    .makeApiClient(CustomObjectsApi)
    .createNamespacedCustomObject({
      group: 'keelson.dev',
      version: 'v1alpha1',
      namespace: env.namespace,
      plural: 'appprojects',
      body: {
        apiVersion: 'keelson.dev/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'default' },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ server: '*', namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
      },
    })
    .catch(() => undefined);
  firstRevision = await env.controller.repo.revParse();
  ({ page, consoleErrors } = await newPage(browser, env.url));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

// The steps build on each other: after a failure, the rest would only time out.
let broken = false;
beforeEach((context) => {
  if (broken) context.skip();
});
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  broken = true;
  await screenshot(page, 'failure').catch(() => undefined);
});

describe('web UI', () => {
  it('sends an anonymous visitor to the login page and logs in', async () => {
    await page.goto('/applications');
    await page.waitForURL(/\/login\?return_url=%2Fapplications/);
    await page.getByLabel('Password').waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('invalid username or password').waitFor();
    await page.getByLabel('Password').fill(env.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/applications');
    await page.getByText('No applications yet — create one').waitFor();
    // The session is an HttpOnly cookie: the page's scripts cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain('keelson.token');
  });

  it('creates an application with the form', async () => {
    await page.getByRole('button', { name: 'New application' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New application' });
    await dialog.getByLabel('Application name', { exact: true }).fill(APP);
    await dialog.getByLabel('Repository URL', { exact: true }).fill(env.repoURL);
    await dialog.getByLabel('Revision', { exact: true }).fill('main');
    await dialog.getByLabel('Path', { exact: true }).fill('overlays/dev');
    await dialog.getByLabel('Namespace', { exact: true }).fill(NAMESPACE);
    await dialog.getByLabel('Create the namespace if missing').check();
    // The YAML tab shows the same application.
    await dialog.getByRole('tab', { name: 'YAML' }).click();
    expect(await dialog.getByLabel('Application YAML').inputValue()).toContain(
      'path: overlays/dev',
    );
    await dialog.getByRole('tab', { name: 'Form' }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`**/applications/${APP}`);
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();
    await waitForStatus('Sync', 'OutOfSync');
  });

  it('syncs it and shows it Healthy, with its resource tree, without a reload', async () => {
    await syncFromDialog();
    await waitForStatus('Sync', 'Synced');
    await waitForStatus('Health', 'Healthy');
    const tree = page.getByRole('region', { name: 'Resource tree' });
    for (const kind of ['Service', 'Deployment', 'ReplicaSet', 'Pod']) {
      await tree
        .locator(`.tree-node[data-kind="${kind}"]`)
        .first()
        .waitFor({ timeout: SYNC_TIMEOUT });
    }
    await page.getByRole('heading', { name: 'Last sync' }).waitFor();
    await screenshot(page, 'application-tree');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Applications' })
      .click();
    const tile = page.getByRole('article', { name: APP });
    await tile.getByText('Healthy', { exact: true }).waitFor();
    await page.getByText('1–1 of 1 application').waitFor();
    await screenshot(page, 'applications');
    await page.getByRole('button', { name: 'Table' }).click();
    await page.getByRole('table').getByRole('link', { name: APP }).waitFor();
    await page.getByRole('button', { name: 'Tiles' }).click();
    await tile.getByRole('link', { name: APP }).click();
    await page.getByRole('heading', { name: APP, level: 1 }).waitFor();
  });

  it('shows drift as OutOfSync and the live → desired diff', async () => {
    const deployment = await env.controller.apps.readNamespacedDeployment({
      name: DEPLOYMENT,
      namespace: NAMESPACE,
    });
    if (!deployment.spec) throw new Error(`Deployment ${DEPLOYMENT} has no spec`);
    deployment.spec.replicas = 5;
    await env.controller.apps.replaceNamespacedDeployment({
      name: DEPLOYMENT,
      namespace: NAMESPACE,
      body: deployment,
    });
    await waitForStatus('Sync', 'OutOfSync');
    // The tree follows too (it is refetched after each change of the application).
    await page
      .getByRole('button', { name: `Deployment ${DEPLOYMENT}, Healthy, OutOfSync` })
      .click();
    const panel = page.getByRole('dialog', { name: `Deployment ${DEPLOYMENT}` });
    // An out-of-sync resource opens on its diff: live (5 replicas) next to desired (1).
    const diff = panel.getByRole('region', { name: `Diff of Deployment ${DEPLOYMENT}` });
    await diff.locator('.diff-change .diff-left', { hasText: 'replicas: 5' }).waitFor();
    await diff.locator('.diff-change .diff-right', { hasText: 'replicas: 1' }).waitFor();
    await screenshot(page, 'diff');
    await panel.getByRole('tab', { name: 'Live manifest' }).click();
    await panel.getByText('kind: Deployment').waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.getByText('1 of 2 resources differ').waitFor();
    await page.getByRole('tab', { name: 'Resource tree' }).click();
    await syncFromDialog();
    await waitForStatus('Sync', 'Synced');
    await waitFor(async () => (await deploymentReplicas()) === 1, {
      what: 'the sync to restore 1 replica',
      timeoutMs: SYNC_TIMEOUT,
    });
  });

  it('follows a new commit, then rolls back to the first sync from the history', async () => {
    const dev = FILES['overlays/dev/kustomization.yaml'];
    const secondRevision = await env.controller.repo.commit('dev: two replicas', {
      'overlays/dev/kustomization.yaml': `${dev}replicas:\n  - name: guestbook-ui\n    count: 2\n`,
    });
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await card('Sync').getByText(secondRevision.slice(0, 7)).waitFor({ timeout: SYNC_TIMEOUT });
    await waitForStatus('Sync', 'OutOfSync');
    await syncFromDialog();
    await waitForStatus('Sync', 'Synced');
    await waitFor(async () => (await deploymentReplicas()) === 2, {
      what: 'the sync of the new commit to scale to 2',
      timeoutMs: SYNC_TIMEOUT,
    });

    await page.getByRole('tab', { name: 'History and rollback' }).click();
    const history = page.getByRole('table', { name: `Sync history of ${APP}` });
    await history.getByRole('rowheader', { name: /#2/ }).waitFor();
    await history.getByRole('button', { name: 'Compare with #0' }).click();
    const compare = page.getByRole('dialog', { name: /compared with #0/ });
    await compare.locator('.diff-change .diff-right', { hasText: 'replicas: 1' }).waitFor();
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'detached' });

    await history.getByRole('button', { name: 'Roll back to #0' }).click();
    await page
      .getByRole('dialog', { name: `Roll back ${APP}` })
      .getByRole('button', { name: 'Roll back to #0' })
      .click();
    const rolledBack = history.getByRole('row', { name: /#3/ });
    await rolledBack.waitFor({ timeout: SYNC_TIMEOUT });
    await rolledBack.getByText(firstRevision.slice(0, 7)).waitFor();
    await waitFor(async () => (await deploymentReplicas()) === 1, {
      what: 'the rollback to scale back to 1',
      timeoutMs: SYNC_TIMEOUT,
    });
  });

  it('deletes it (foreground cascade) after the name is typed', async () => {
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${APP}` });
    const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill(APP);
    await confirm.click();
    await page.waitForURL('**/applications');
    await waitFor(async () => (await env.controller.getApp(APP)) === undefined, {
      what: `Application ${APP} to be deleted`,
      timeoutMs: SYNC_TIMEOUT,
    }).catch(async (err: unknown) => {
      const left = await env.controller.getApp(APP);
      throw new Error(`${String(err)}; still there: ${JSON.stringify(left?.metadata)}`);
    });
    await page.getByText('No applications yet — create one').waitFor({ timeout: SYNC_TIMEOUT });
    await waitFor(async () => (await deploymentReplicas()) === undefined, {
      what: 'the cascade to delete the Deployment',
      timeoutMs: SYNC_TIMEOUT,
    });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
