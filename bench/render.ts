/**
 * `npm run bench -- render` (shortcut `npm run bench:render`): how long
 * pulling desired state takes. For each application — a directory of N files
 * (two objects each), a Kustomize app with two overlays, a Helm chart — it
 * measures:
 *
 * - cold: empty repository cache and render cache (ls-remote, fetch,
 *   checkout, render); median of 3;
 * - warm: repository cached, render cache empty (ls-remote, render); median of 5;
 * - poll + hit: `render()` on an unchanged commit (one ls-remote, render
 *   cache hit); median of 5;
 * - cache hit: `renderAt()` with a known commit (what the controller does
 *   when `hasMoved` says nothing moved), p50 and p99 of 2000. Target: under 5 ms.
 *
 * Repositories are real Git repositories read over file://; helm and
 * kustomize are the pinned builds. Runs in this process, so it needs no build
 * and no cluster.
 *
 * Parameter (environment): BENCH_RENDER_FILES (500).
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { RenderCache, SourceRenderer, type RenderTools } from '../src/render/index.js';
import { GUESTBOOK_CHART, readTree, underPrefix } from '../src/render/testdata/files.js';
import { GitSource, type ApplicationSource } from '../src/source/index.js';
import { createGitRepo, ensureTools } from '../src/testenv/index.js';
import { envNumber } from './lib/env.js';
import { below, median, percentile, row, timed, type BenchRow } from './lib/stats.js';
import { withWorkDir } from './lib/work-dir.js';

const ROOT = join(import.meta.dirname, '..');
const COLD_RUNS = 3;
const WARM_RUNS = 5;
const HIT_RUNS = 2000;

/** Parameters of the render scenario. */
export interface RenderParams {
  /** Files of the directory app, each with a Deployment and a Service. */
  readonly files: number;
}

/** The scenario's parameters from BENCH_RENDER_FILES (default 500). */
export function renderParamsFromEnv(env: NodeJS.ProcessEnv = process.env): RenderParams {
  return { files: envNumber('BENCH_RENDER_FILES', 500, env) };
}

/** An application to render: one or more sources rendered together. */
interface RenderApp {
  readonly name: string;
  readonly sources: readonly ApplicationSource[];
}

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

/** One repository holding the three applications; returns them. */
async function createApps(work: string, files: number): Promise<RenderApp[]> {
  const repo = await createGitRepo({
    dir: join(work, 'repo'),
    files: {
      ...manyFiles(files),
      ...(await readTree(join(ROOT, 'examples', 'guestbook'), 'guestbook')),
      ...underPrefix('charts/guestbook', GUESTBOOK_CHART),
    },
  });
  const source = (path: string, extra: Partial<ApplicationSource> = {}): ApplicationSource => ({
    repoURL: repo.fileUrl,
    targetRevision: 'main',
    path,
    ...extra,
  });
  return [
    { name: `directory, ${files} files`, sources: [source('big')] },
    {
      name: 'kustomize, two overlays (dev + prod)',
      sources: [source('guestbook/overlays/dev'), source('guestbook/overlays/prod')],
    },
    {
      name: 'helm chart (guestbook)',
      sources: [
        source('charts/guestbook', {
          helm: { valueFiles: ['env/prod.yaml'], releaseName: 'bench' },
        }),
      ],
    },
  ];
}

interface RendererFactory {
  /** A Git source with a new, empty repository cache. */
  newGit(): Promise<GitSource>;
  /** A renderer with an empty render cache, on `git` or a new Git source. */
  newRenderer(git?: GitSource): Promise<SourceRenderer>;
}

function rendererFactory(work: string, tools: RenderTools): RendererFactory {
  let n = 0;
  const newGit = async (): Promise<GitSource> =>
    new GitSource({ cacheDir: await mkdtemp(join(work, `cache-${n++}-`)), allowLocalRepos: true });
  const newRenderer = async (git?: GitSource): Promise<SourceRenderer> =>
    new SourceRenderer({ git: git ?? (await newGit()), tools, cache: new RenderCache() });
  return { newGit, newRenderer };
}

const renderAll = (r: SourceRenderer, app: RenderApp) =>
  Promise.all(app.sources.map((s) => r.render(s)));

async function repeat(runs: number, sample: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await sample());
  return samples;
}

/** The four measurements of one application (see the header), as rows. */
async function measureApp(app: RenderApp, factory: RendererFactory): Promise<BenchRow[]> {
  const { newGit, newRenderer } = factory;
  const cold = await repeat(COLD_RUNS, async () => {
    const r = await newRenderer();
    return timed(() => renderAll(r, app));
  });
  const shared = await newGit();
  await renderAll(await newRenderer(shared), app); // fills the repository cache
  const warm = await repeat(WARM_RUNS, async () => {
    const r = await newRenderer(shared);
    return timed(() => renderAll(r, app));
  });
  const r = await newRenderer(shared);
  const results = await renderAll(r, app);
  const poll = await repeat(WARM_RUNS, () => timed(() => renderAll(r, app)));
  const revisions = results.map((res) => res.revision);
  const hit = await repeat(HIT_RUNS, () =>
    timed(() => Promise.all(app.sources.map((s, j) => r.renderAt(s, revisions[j] ?? '')))),
  );
  const manifests = results.reduce((sum, res) => sum + res.manifests.length, 0);
  const scenario = `render ${app.name} → ${manifests} manifests`;
  return [
    row(scenario, `cold (median of ${COLD_RUNS})`, median(cold), 'ms'),
    row(scenario, `warm (median of ${WARM_RUNS})`, median(warm), 'ms'),
    row(scenario, `poll + hit (median of ${WARM_RUNS})`, median(poll), 'ms'),
    row(scenario, `cache hit p50 (of ${HIT_RUNS})`, median(hit), 'ms', below(5, 'ms')),
    row(scenario, 'cache hit p99', percentile(hit, 99), 'ms', below(5, 'ms')),
  ];
}

/** Runs the render scenario (no cluster) and returns its rows. */
export async function runRender(params: RenderParams): Promise<BenchRow[]> {
  const tools = await ensureTools(['helm', 'kustomize'], {
    log: (l) => process.stderr.write(`[render] ${l}\n`),
  });
  return withWorkDir('keelson-bench-render-', async (work) => {
    const factory = rendererFactory(work, { helm: tools.helm, kustomize: tools.kustomize });
    const rows: BenchRow[] = [];
    for (const app of await createApps(work, params.files))
      rows.push(...(await measureApp(app, factory)));
    return rows;
  });
}
