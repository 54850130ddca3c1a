/**
 * A real GitOps environment for end-to-end tests: a local control plane with
 * Keelson's CRDs, a Git repository served over smart HTTP with basic auth
 * (its credentials in a labelled repository Secret), and an in-process
 * controller with a short resync period.
 */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCrds, type Application } from '../../../src/apis/index.js';
import {
  ApplicationController,
  REFRESH_ANNOTATION,
  defaultControllerOptions,
  type ControllerOptions,
} from '../../../src/controller/index.js';
import { ClusterConnection } from '../../../src/cluster/index.js';
import { jsonLogger, silentLogger, waitFor } from '../../../src/core/index.js';
import {
  createGitRepo,
  ensureTools,
  startGitHttpServer,
  startLocalCluster,
  type GitHttpServer,
  type GitRepoFixture,
  type LocalCluster,
} from '../../../src/testenv/index.js';

export const NS = 'keelson';
const GIT_CREDENTIALS = { username: 'keelson-bot', password: 'e2e-git-password' };
const APP = { group: 'keelson.dev', version: 'v1alpha1', namespace: NS, plural: 'applications' };

export interface ControllerEnv {
  readonly cluster: LocalCluster;
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly repo: GitRepoFixture;
  /** HTTP URL of the repository (needs the repository Secret's credentials). */
  readonly repoURL: string;
  git: GitHttpServer;
  controller: ApplicationController;
  createApp(
    name: string,
    spec: Record<string, unknown>,
    metadata?: Record<string, unknown>,
  ): Promise<void>;
  getApp(name: string): Promise<Application | undefined>;
  patchApp(name: string, patch: Record<string, unknown>): Promise<void>;
  /** Asks for a refresh (the annotation `keelson app get --refresh` sets), as a user does after a push. */
  refresh(name: string, kind?: 'normal' | 'hard'): Promise<void>;
  deleteApp(name: string): Promise<void>;
  waitApp(
    name: string,
    what: string,
    predicate: (app: Application) => boolean,
    timeoutMs?: number,
  ): Promise<Application>;
  restartController(): Promise<void>;
  stopGit(): Promise<void>;
  startGit(): Promise<void>;
  stop(): Promise<void>;
}

export async function startControllerEnv(
  name: string,
  files: Readonly<Record<string, string>>,
  overrides: Partial<ControllerOptions> = {},
): Promise<ControllerEnv> {
  const cluster = await startLocalCluster({ name, ephemeral: true });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const connection = ClusterConnection.fromKubeconfig(kc);
  await installCrds(connection);
  await core.createNamespace({ body: { metadata: { name: NS } } });
  const gitRoot = await mkdtemp(join(tmpdir(), 'keelson-e2e-git-'));
  const repo = await createGitRepo({ dir: join(gitRoot, 'apps'), files });
  let git = await startGitHttpServer({ root: gitRoot, credentials: GIT_CREDENTIALS });
  const port = Number(new URL(git.url).port);
  const repoURL = git.urlFor('apps');
  await core.createNamespacedSecret({
    namespace: NS,
    body: {
      metadata: { name: 'repo-apps', labels: { 'keelson.dev/secret-type': 'repository' } },
      stringData: { url: repoURL, ...GIT_CREDENTIALS },
    },
  });
  const cacheDir = await mkdtemp(join(tmpdir(), 'keelson-e2e-cache-'));
  const tools = await ensureTools(['helm', 'kustomize']);
  const options: ControllerOptions = {
    ...defaultControllerOptions({ namespace: NS, cacheDir, tools, identity: `e2e-${name}` }),
    resyncPeriodMs: 2_000,
    resyncJitter: 0,
    // Tests take a later reconciledAt as the sign that resyncs ran ("several
    // resyncs later, nothing fought the user"): a heartbeat as short as the
    // resync keeps writing it.
    statusHeartbeatMs: 2_000,
    leaderElection: false,
    waveTimeoutMs: 60_000,
    ...overrides,
  };
  // KEELSON_E2E_LOG=debug shows the controller's log while debugging a test.
  const level = process.env.KEELSON_E2E_LOG;
  const logger = level === 'debug' || level === 'info' ? jsonLogger(level) : silentLogger;
  const newController = (): ApplicationController => new ApplicationController(kc, options, logger);
  let controller = newController();
  void controller.start();

  const getApp = async (appName: string): Promise<Application | undefined> => {
    try {
      return (await custom.getNamespacedCustomObject({ ...APP, name: appName })) as Application;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  };
  const env: ControllerEnv = {
    cluster,
    kc,
    core,
    apps: kc.makeApiClient(AppsV1Api),
    repo,
    repoURL,
    git,
    controller,
    async createApp(appName, spec, metadata = {}) {
      await custom.createNamespacedCustomObject({
        ...APP,
        body: {
          apiVersion: 'keelson.dev/v1alpha1',
          kind: 'Application',
          metadata: { name: appName, ...metadata },
          spec,
        },
      });
    },
    getApp,
    async patchApp(appName, patch) {
      await connection.request({
        method: 'PATCH',
        path: `/apis/keelson.dev/v1alpha1/namespaces/${NS}/applications/${appName}`,
        body: patch,
        contentType: 'application/merge-patch+json',
      });
    },
    async refresh(appName, kind = 'normal') {
      await env.patchApp(appName, { metadata: { annotations: { [REFRESH_ANNOTATION]: kind } } });
    },
    async deleteApp(appName) {
      await custom.deleteNamespacedCustomObject({ ...APP, name: appName });
    },
    async waitApp(appName, what, predicate, timeoutMs = 60_000) {
      let last: Application | undefined;
      try {
        return await waitFor(
          async () => {
            last = await getApp(appName);
            return last && predicate(last) ? last : undefined;
          },
          { what: `${appName}: ${what}`, timeoutMs, intervalMs: 200 },
        );
      } catch (err) {
        // Say where the application stood, so a failure explains itself.
        const seen = {
          operation: last?.operation,
          status: { ...last?.status, resources: undefined },
        };
        throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(seen)}`, {
          cause: err,
        });
      }
    },
    async restartController() {
      await controller.stop();
      controller = newController();
      env.controller = controller;
      void controller.start();
    },
    async stopGit() {
      await git.close();
    },
    async startGit() {
      git = await startGitHttpServer({ root: gitRoot, credentials: GIT_CREDENTIALS, port });
      env.git = git;
    },
    async stop() {
      await controller.stop();
      await git.close().catch(() => undefined);
      await cluster.stop();
      await rm(gitRoot, { recursive: true, force: true });
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
  return env;
}

/** A Deployment manifest as YAML. */
export function deploymentYaml(name: string, image: string, replicas = 1): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: ${image}
`;
}

/**
 * A Deployment whose pods only fit on nodes labelled `pool=<name>`: it stays
 * Progressing (a sync wave waits on it) until {@link addPoolNode} adds one.
 */
export function pooledDeploymentYaml(name: string): string {
  return deploymentYaml(name, `registry.example/${name}:1`).replace(
    '    spec:\n',
    `    spec:\n      nodeSelector: {pool: ${name}}\n`,
  );
}

/** Adds a kwok-simulated node labelled `pool=<pool>`, where pods selecting that pool run. */
export async function addPoolNode(core: CoreV1Api, pool: string, cpu = '8'): Promise<void> {
  const resources = { cpu, memory: '32Gi', pods: '110' };
  await core.createNode({
    body: {
      metadata: {
        name: `kwok-node-${pool}`,
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: { pool, type: 'kwok' },
      },
      status: { allocatable: resources, capacity: resources },
    },
  });
}

export function configMapYaml(name: string, data: Record<string, string>): string {
  const entries = Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
${entries}
`;
}
