/**
 * `npm run demo`: starts a local control plane, commits the example app into
 * a fresh local Git repository, installs Keelson's CRDs, declares two
 * Applications (the dev and prod overlays) and runs the controller, printing
 * each application's sync and health as they change, until Ctrl-C tears
 * everything down.
 */
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCrds, type Application } from '../apis/index.js';
import { ApplicationController, defaultControllerOptions } from '../controller/index.js';
import { errorMessage, jsonLogger } from '../core/index.js';
import { ADMIN_PASSWORD_ENV } from '../api/index.js';
import { readInitialAdminPassword, startApiServer, type ApiServer } from '../server/index.js';
import { createDirectBackend } from '../service/index.js';
import { ClusterConnection } from '../cluster/index.js';
import {
  createGitRepo,
  ensureTools,
  startLocalCluster,
  type LocalCluster,
} from '../testenv/index.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/guestbook', import.meta.url));
const NS = 'keelson';
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'keelson-demo-'));
  say('Starting the local Kubernetes control plane (etcd, kube-apiserver, controllers, kwok) ...');
  const started = Date.now();
  const cluster = await startLocalCluster({
    name: 'demo',
    ephemeral: true,
    log: (l) => process.stderr.write(`  ${l}\n`),
  });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const repoDir = join(work, 'guestbook');
  const repo = await createGitRepo({ dir: repoDir });
  await cp(EXAMPLE, repoDir, { recursive: true });
  const commit = await repo.commit('guestbook example: base with dev and prod overlays');
  const crdConnection = ClusterConnection.fromKubeconfig(kc);
  await installCrds(crdConnection);
  crdConnection.close();
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
  for (const env of ['dev', 'prod']) {
    await declareApp(kc, `guestbook-${env}`, repo.fileUrl, `overlays/${env}`, `guestbook-${env}`);
  }

  const tools = await ensureTools(['helm', 'kustomize', 'kubectl']);
  // Until here Ctrl-C simply ends the process: the ephemeral cluster follows it down.
  const controller = new ApplicationController(
    kc,
    {
      ...defaultControllerOptions({
        namespace: NS,
        cacheDir: join(work, 'cache'),
        tools,
        identity: 'demo',
      }),
      allowLocalRepos: true, // the demo's repository is a local one
      leaderElection: false,
      resyncPeriodMs: 30_000,
    },
    jsonLogger('warn'),
  );
  void controller.start();
  const { server, password } = await startDemoServer(kc, tools);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the demo ...');
    await server.close();
    await controller.stop();
    await cluster.stop();
    await rm(work, { recursive: true, force: true });
    say('Stopped; nothing is left running.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  printWelcome(
    cluster,
    repo.fileUrl,
    commit,
    tools.kubectl,
    Date.now() - started,
    server.url,
    password,
  );
  watchApplications(kc);
  // Signal handlers alone do not keep Node running; this timer does, until stop().
  setInterval(() => undefined, 60_000);
}

async function declareApp(
  kc: KubeConfig,
  name: string,
  repoURL: string,
  path: string,
  namespace: string,
): Promise<void> {
  await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group: 'keelson.dev',
    version: 'v1alpha1',
    namespace: NS,
    plural: 'applications',
    body: {
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: NS },
      spec: {
        project: 'default',
        source: { repoURL, targetRevision: 'main', path },
        destination: { server: 'https://kubernetes.default.svc', namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions: ['CreateNamespace=true'],
        },
      },
    },
  });
}

/** Prints a line whenever an application's sync or health changes. */
function watchApplications(kc: KubeConfig): void {
  const api = kc.makeApiClient(CustomObjectsApi);
  const seen = new Map<string, string>();
  const poll = async (): Promise<void> => {
    const list = (await api.listNamespacedCustomObject({
      group: 'keelson.dev',
      version: 'v1alpha1',
      namespace: NS,
      plural: 'applications',
    })) as { items: Application[] };
    for (const app of list.items) {
      const name = app.metadata.name ?? '';
      const line = `Application ${name}: ${app.status?.sync?.status ?? 'Unknown'}, ${app.status?.health?.status ?? 'Unknown'} (revision ${(app.status?.sync?.revision ?? '-').slice(0, 7)})`;
      if (seen.get(name) !== line) say(line);
      seen.set(name, line);
    }
  };
  setInterval(() => void poll().catch(() => undefined), 1_000).unref();
}

/**
 * The API server and web UI on port 8080 (`KEELSON_DEMO_PORT`; a free port if
 * it is taken). The admin password is `KEELSON_ADMIN_PASSWORD` when set,
 * otherwise generated into the initial-password Secret, as in a real install.
 */
async function startDemoServer(
  kc: KubeConfig,
  tools: { readonly helm: string; readonly kustomize: string },
): Promise<{ server: ApiServer; password: string }> {
  const backend = await createDirectBackend({
    kubeConfig: kc,
    namespace: NS,
    cacheApplications: true,
    helm: tools.helm,
    kustomize: tools.kustomize,
    allowLocalRepos: true,
  });
  const options = {
    backend,
    kubeConfig: kc,
    namespace: NS,
    address: '127.0.0.1',
    adminPassword: process.env[ADMIN_PASSWORD_ENV] || undefined,
    uiDir: fileURLToPath(new URL('../ui', import.meta.url)),
    logger: jsonLogger('warn'),
  };
  const port = Number(process.env.KEELSON_DEMO_PORT ?? 8080);
  const server = await startApiServer({ ...options, port }).catch(() =>
    startApiServer({ ...options, port: 0 }),
  );
  const fromEnv = process.env[ADMIN_PASSWORD_ENV];
  if (fromEnv) return { server, password: fromEnv };
  const initial = await readInitialAdminPassword(ClusterConnection.fromKubeconfig(kc), NS);
  return { server, password: initial.found ? initial.password : `(${initial.reason})` };
}

function printWelcome(
  cluster: LocalCluster,
  repoUrl: string,
  commit: string,
  kubectl: string,
  ms: number,
  serverUrl: string,
  password: string,
): void {
  const lines = [
    '',
    `Local cluster "${cluster.name}" is up at ${cluster.server} (ready in ${(ms / 1000).toFixed(1)} s).`,
    '',
    'Reach it with kubectl:',
    `  export KUBECONFIG=${cluster.kubeconfigPath}`,
    `  ${kubectl} get applications -n ${NS}`,
    `  ${kubectl} get deployments -A`,
    '',
    `Example Git repository: ${repoUrl} (commit ${commit.slice(0, 7)})`,
    '  base/            a Deployment and a Service (guestbook-ui)',
    '  overlays/dev     namespace guestbook-dev, one replica    -> Application guestbook-dev',
    '  overlays/prod    namespace guestbook-prod, three replicas -> Application guestbook-prod',
    `  git clone ${repoUrl} guestbook   # edit, commit, push: the controller applies it`,
    '',
    'The controller is running (automated sync with prune and self-heal).',
    '',
    `Web UI and API: ${serverUrl}   (open it in a browser)`,
    `  username: admin`,
    `  password: ${password}`,
    `  keelson login ${serverUrl} --username admin   # then: keelson app list`,
    'Keelson demo is ready. Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`keelson demo: ${errorMessage(err)}\n`);
  process.exit(1);
});
