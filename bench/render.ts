/**
 * `npm run bench:render`: how long pulling desired state takes (a benchmark,
 * not a test). For each application — a 500-file directory, a Kustomize app
 * with two overlays, a Helm chart — it measures:
 *
 * - cold: empty repository cache and render cache (ls-remote, fetch, checkout, render);
 * - warm: repository cached, render cache empty (ls-remote, render);
 * - poll + hit: `render()` on an unchanged commit (one ls-remote, cache hit);
 * - cache hit: `renderAt()` with a known commit (what the controller does when
 *   `hasMoved` says nothing moved). Target: under 5 ms.
 *
 * Repositories are real Git repositories read over file://; helm and kustomize
 * are the pinned builds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderCache, SourceRenderer, type RenderTools } from '../src/render/index.js';
import { GitSource, type ApplicationSource } from '../src/source/index.js';
import { createGitRepo, ensureTools } from '../src/testenv/index.js';
import { GUESTBOOK_CHART, readTree, underPrefix } from '../src/render/testdata/files.js';

const ROOT = join(import.meta.dirname, '..');
const COLD_RUNS = 3;
const WARM_RUNS = 5;
const HIT_RUNS = 2000;

function manyFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    files[`big/${name}.yaml`] = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: {name: ${name}, labels: {app: ${name}, tier: backend}}`,
      'spec:',
      '  replicas: 2',
      `  selector: {matchLabels: {app: ${name}}}`,
      '  template:',
      `    metadata: {labels: {app: ${name}}}`,
      '    spec:',
      `      containers: [{name: app, image: "registry.example/${name}:1.0", ports: [{containerPort: 8080}]}]`,
      '---',
      'apiVersion: v1',
      'kind: Service',
      `metadata: {name: ${name}}`,
      `spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}`,
      '',
    ].join('\n');
  }
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const fmt = (ms: number): string =>
  ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(3)} ms`;

async function main(): Promise<void> {
  const tools = await ensureTools(['helm', 'kustomize'], {
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const renderTools: RenderTools = { helm: tools.helm, kustomize: tools.kustomize };
  const work = await mkdtemp(join(tmpdir(), 'keelson-bench-render-'));
  try {
    const repo = await createGitRepo({
      dir: join(work, 'repo'),
      files: {
        ...manyFiles(500),
        ...(await readTree(join(ROOT, 'examples', 'guestbook'), 'guestbook')),
        ...underPrefix('charts/guestbook', GUESTBOOK_CHART),
      },
    });
    const app = (path: string, extra: Partial<ApplicationSource> = {}): ApplicationSource => ({
      repoURL: repo.fileUrl,
      targetRevision: 'main',
      path,
      ...extra,
    });
    const scenarios: { name: string; sources: ApplicationSource[] }[] = [
      { name: 'directory, 500 files (1000 objects)', sources: [app('big')] },
      {
        name: 'kustomize, two overlays (dev + prod)',
        sources: [app('guestbook/overlays/dev'), app('guestbook/overlays/prod')],
      },
      {
        name: 'helm chart (guestbook)',
        sources: [
          app('charts/guestbook', {
            helm: { valueFiles: ['env/prod.yaml'], releaseName: 'bench' },
          }),
        ],
      },
    ];
    let n = 0;
    const newRenderer = async (git?: GitSource) =>
      new SourceRenderer({
        git:
          git ??
          new GitSource({
            cacheDir: await mkdtemp(join(work, `cache-${n++}-`)),
            allowLocalRepos: true,
          }),
        tools: renderTools,
        cache: new RenderCache(),
      });
    const renderAll = (r: SourceRenderer, sources: ApplicationSource[]) =>
      Promise.all(sources.map((s) => r.render(s)));

    const rows: string[][] = [
      ['application', 'cold', 'warm', 'poll + hit', 'cache hit (p50 / p99)'],
    ];
    for (const scenario of scenarios) {
      const cold: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const r = await newRenderer();
        cold.push(await time(() => renderAll(r, scenario.sources)));
      }
      const shared = new GitSource({
        cacheDir: await mkdtemp(join(work, 'warm-')),
        allowLocalRepos: true,
      });
      await renderAll(await newRenderer(shared), scenario.sources);
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        const r = await newRenderer(shared);
        warm.push(await time(() => renderAll(r, scenario.sources)));
      }
      const r = await newRenderer(shared);
      const results = await renderAll(r, scenario.sources);
      const poll: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++)
        poll.push(await time(() => renderAll(r, scenario.sources)));
      const hit: number[] = [];
      for (let i = 0; i < HIT_RUNS; i++)
        hit.push(
          await time(() =>
            Promise.all(scenario.sources.map((s, j) => r.renderAt(s, results[j]?.revision ?? ''))),
          ),
        );
      const objects = results.reduce((sum, res) => sum + res.manifests.length, 0);
      rows.push([
        `${scenario.name} → ${objects} manifests`,
        fmt(median(cold)),
        fmt(median(warm)),
        fmt(median(poll)),
        `${fmt(percentile(hit, 50))} / ${fmt(percentile(hit, 99))}`,
      ]);
    }
    const widths =
      rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
    process.stdout.write(
      `\nRender benchmark (medians; cold of ${COLD_RUNS}, warm of ${WARM_RUNS}, cache hit of ${HIT_RUNS})\n\n`,
    );
    for (const row of rows)
      process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`);
    process.stdout.write(
      '\ncold: empty caches (ls-remote + fetch + checkout + render); warm: repository cached, render not;\n',
    );
    process.stdout.write(
      'poll + hit: unchanged commit (one ls-remote, render cache hit); cache hit: renderAt(known SHA), target < 5 ms\n',
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
