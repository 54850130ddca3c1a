/**
 * `npm run bench -- api-list`: the API's first page of a large application
 * list. N Applications (BENCH_LIST_APPS, default 10,000) are created in a
 * local control plane (no controller: only the list is measured), the API
 * server starts with its watch-backed application cache, and the first page
 * (`limit=100`), a filtered page and a search are requested repeatedly over
 * real HTTP with a session token.
 */
import pLimit from 'p-limit';
import { silentLogger } from '../src/core/index.js';
import { startApiServer } from '../src/server/index.js';
import { createDirectBackend } from '../src/service/index.js';
import { APPLICATIONS_PATH } from './lib/applications.js';
import { KEELSON_NAMESPACE as NS, startBenchCluster } from './lib/bench-cluster.js';
import { below, median, percentile, row, type BenchRow } from './lib/stats.js';

const RUNS = 30;

/** Creates `count` Applications and times the API's list pages over HTTP (see the header). */
export async function runApiList(count: number): Promise<BenchRow[]> {
  const bench = await startBenchCluster('bench-api-list', { keelson: true });
  const { conn, kubeConfig: kc } = bench;
  try {
    process.stderr.write(`[api-list] creating ${count} applications\n`);
    const limit = pLimit(32);
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        limit(() =>
          conn.request({
            method: 'POST',
            path: APPLICATIONS_PATH,
            body: {
              apiVersion: 'keelson.dev/v1alpha1',
              kind: 'Application',
              metadata: {
                name: `app-${String(i).padStart(5, '0')}`,
                labels: { team: `team-${i % 20}` },
              },
              spec: {
                project: 'default',
                source: { repoURL: 'https://git.example/fleet.git', path: `apps/${i}` },
                destination: { server: 'https://kubernetes.default.svc', namespace: `ns-${i}` },
              },
            },
          }),
        ),
      ),
    );
    const backend = await createDirectBackend({
      kubeConfig: kc,
      namespace: NS,
      cacheApplications: true,
    });
    const server = await startApiServer({
      backend,
      kubeConfig: kc,
      namespace: NS,
      port: 0,
      address: '127.0.0.1',
      adminPassword: 'bench-admin-password',
      logger: silentLogger,
    });
    try {
      await backend.ready();
      const login = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
      });
      const { token } = (await login.json()) as { token: string };
      const time = async (query: string): Promise<number[]> => {
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          const response = await fetch(`${server.url}/api/v1/applications?${query}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = (await response.json()) as { items: unknown[]; total: number };
          samples.push(performance.now() - t);
          if (!response.ok || body.items.length === 0)
            throw new Error(`list failed: ${response.status}`);
        }
        return samples;
      };
      const first = await time('limit=100');
      const filtered = await time('limit=100&selector=team%3Dteam-3');
      const search = await time('limit=100&search=0009');
      const scenario = `API list, ${count} apps`;
      return [
        row(scenario, 'first page (100) p50', median(first), 'ms', below(300, 'ms')),
        row(scenario, 'first page (100) p95', percentile(first, 95), 'ms'),
        row(scenario, 'label-filtered page p50', median(filtered), 'ms'),
        row(scenario, 'name search p50', median(search), 'ms'),
      ];
    } finally {
      await server.close();
      await backend.close();
    }
  } finally {
    await bench.stop();
  }
}
