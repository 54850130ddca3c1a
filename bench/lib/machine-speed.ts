/**
 * How fast this machine is right now, as the time a fixed single-threaded
 * workload takes (JSON and hashing, like the controller's own work). The
 * reference machine is a shared virtual machine whose speed varies between
 * runs by as much as a quarter: printed with every run, this tells a slow
 * run on a slow moment from a regression.
 */
import { createHash } from 'node:crypto';

const ROUNDS = 3;
const ITERATIONS = 4_000;

/** A Deployment-sized document (~2 KB of JSON). */
const SAMPLE = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    labels: { app: 'web', 'keelson.dev/app': 'shop' },
    annotations: { 'keelson.dev/tracking-id': 'shop:apps/Deployment:shop/web' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: Array.from({ length: 4 }, (_, i) => ({
          name: `c${i}`,
          image: `registry.example.com/web/c${i}:1.2.${i}`,
          ports: [{ containerPort: 8080 + i, protocol: 'TCP' }],
          env: Array.from({ length: 6 }, (_, j) => ({
            name: `VAR_${j}`,
            value: `value-${i}-${j}`,
          })),
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        })),
      },
    },
  },
};

/** Milliseconds the reference workload takes: the fastest of a few rounds (lower is faster). */
export function referenceWorkloadMs(): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < ITERATIONS; i++) {
      const text = JSON.stringify({ ...SAMPLE, round, i });
      createHash('sha1').update(text).digest('base64url');
      JSON.parse(text);
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
