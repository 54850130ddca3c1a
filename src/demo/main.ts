/**
 * `npm run demo`: starts a local control plane, commits the example app into
 * a fresh local Git repository, prints how to reach both, and stays up until
 * Ctrl-C, when it tears everything down. Later parts of Keelson (controller,
 * API server, UI) join the demo here.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../core/index.js';
import {
  createGitRepo,
  ensureTools,
  startLocalCluster,
  type LocalCluster,
} from '../testenv/index.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/guestbook', import.meta.url));

async function main(): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const repoDir = await mkdtemp(join(tmpdir(), 'keelson-demo-repo-'));
  say('Starting the local Kubernetes control plane (etcd, kube-apiserver, controllers, kwok) ...');
  const started = Date.now();
  const cluster = await startLocalCluster({
    name: 'demo',
    ephemeral: true,
    log: (line) => process.stderr.write(`  ${line}\n`),
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the demo ...');
    await cluster.stop();
    await rm(repoDir, { recursive: true, force: true });
    say('Stopped; nothing is left running.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const repo = await createGitRepo({ dir: repoDir });
  await cp(EXAMPLE, repoDir, { recursive: true });
  const commit = await repo.commit('guestbook example: base with dev and prod overlays');
  const { kubectl } = await ensureTools(['kubectl']);
  printWelcome(cluster, repo.fileUrl, commit, kubectl, Date.now() - started);
  say('Keelson demo is ready. Press Ctrl-C to stop.');
  // Signal handlers alone do not keep Node running; this timer does, until stop().
  setInterval(() => undefined, 60_000);
}

function printWelcome(
  cluster: LocalCluster,
  repoUrl: string,
  commit: string,
  kubectl: string,
  ms: number,
): void {
  const lines = [
    '',
    `Local cluster "${cluster.name}" is up at ${cluster.server} (ready in ${(ms / 1000).toFixed(1)} s).`,
    '',
    'Reach it with kubectl:',
    `  export KUBECONFIG=${cluster.kubeconfigPath}`,
    `  ${kubectl} get nodes`,
    '',
    `Example Git repository: ${repoUrl} (commit ${commit.slice(0, 7)})`,
    '  base/            a Deployment and a Service (guestbook-ui)',
    '  overlays/dev     namespace guestbook-dev, one replica',
    '  overlays/prod    namespace guestbook-prod, three replicas',
    `  git clone ${repoUrl} guestbook`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`keelson demo: ${errorMessage(err)}\n`);
  process.exit(1);
});
