import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTools, startHelmRepoServer, type HelmRepoServer } from '../testenv/index.js';
import { ChartFetchError, HelmChartSource } from './index.js';

/** Writes a minimal chart named guestbook at `version` into `dir`. */
async function writeChart(dir: string, version: string): Promise<string> {
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(
    join(dir, 'Chart.yaml'),
    `apiVersion: v2\nname: guestbook\nversion: ${version}\n`,
  );
  await writeFile(join(dir, 'values.yaml'), 'greeting: hello\n');
  await writeFile(
    join(dir, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting }}\n',
  );
  return dir;
}
const credentials = { username: 'chart-reader', password: 'chart-pass-0001' };

describe('Helm charts from an HTTP repository and an OCI registry', () => {
  let work: string;
  let helm: string;
  let server: HelmRepoServer;

  beforeAll(async () => {
    helm = (await ensureTools(['helm'])).helm;
    work = await mkdtemp(join(tmpdir(), 'keelson-chart-src-'));
    // two versions of the chart: 0.1.0 and 0.2.0
    const v1 = await writeChart(join(work, 'v1', 'guestbook'), '0.1.0');
    const v2 = await writeChart(join(work, 'v2', 'guestbook'), '0.2.0');
    server = await startHelmRepoServer({ charts: [v1, v2], helm, credentials });
  });

  afterAll(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('resolves a version constraint from the index and unpacks the chart read-only, once', async () => {
    // GIVEN a private Helm repository
    const charts = new HelmChartSource({ cacheDir: join(work, 'cache-http') });
    const ref = { repoURL: server.url, chart: 'guestbook', credentials };
    // WHEN a constraint is resolved and the chart fetched
    expect(await charts.resolveVersion(ref, '0.1.*')).toBe('0.1.0');
    expect(await charts.resolveVersion(ref, undefined)).toBe('0.2.0');
    const chart = await charts.fetchChart(ref, '~0.2.0');
    // THEN the chart directory is there, read-only
    expect(chart).toMatchObject({ version: '0.2.0', path: 'guestbook' });
    expect(await readFile(join(chart.dir, 'guestbook', 'Chart.yaml'), 'utf8')).toContain(
      'version: 0.2.0',
    );
    expect((await stat(join(chart.dir, 'guestbook', 'values.yaml'))).mode & 0o222).toBe(0);
    // AND pulling the same version again needs no request
    const before = server.requestCount;
    await charts.pull(ref, '0.2.0');
    expect(server.requestCount).toBe(before);
  });

  it('reports wrong credentials and unknown charts without leaking the password', async () => {
    const charts = new HelmChartSource({ cacheDir: join(work, 'cache-bad') });
    const err = await charts
      .fetchChart(
        {
          repoURL: server.url,
          chart: 'guestbook',
          credentials: { username: 'chart-reader', password: 'nope-wrong-pass' },
        },
        '0.1.0',
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChartFetchError);
    expect((err as Error).message).toMatch(/HTTP 401 \(authentication failed\)/);
    expect((err as Error).message).not.toContain('nope-wrong-pass');
    await expect(
      charts.fetchChart({ repoURL: server.url, chart: 'missing', credentials }, '1.0.0'),
    ).rejects.toThrow(/chart "missing" not found in the repository index/);
    await expect(
      charts.fetchChart({ repoURL: server.url, chart: 'guestbook', credentials }, '9.x'),
    ).rejects.toThrow(/no version satisfies "9.x"/);
  });

  it('pulls a pinned version from an OCI registry with helm, logging in from a private file', async () => {
    const charts = new HelmChartSource({
      cacheDir: join(work, 'cache-oci'),
      helmBinary: helm,
      plainHttpRegistries: [server.host],
    });
    const chart = await charts.fetchChart(
      { repoURL: server.ociUrl, chart: 'guestbook', credentials },
      '0.1.0',
    );
    expect(await readFile(join(chart.dir, 'guestbook', 'Chart.yaml'), 'utf8')).toContain(
      'version: 0.1.0',
    );
    await expect(
      charts.fetchChart({ repoURL: server.ociUrl, chart: 'guestbook', credentials }, '0.*'),
    ).rejects.toThrow(/OCI charts need an exact version/);
    const denied = await charts
      .fetchChart(
        {
          repoURL: server.ociUrl,
          chart: 'guestbook',
          credentials: { username: 'x', password: 'bad-oci-pass' },
        },
        '0.2.0',
      )
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ChartFetchError);
    expect((denied as Error).message).not.toContain('bad-oci-pass');
  });
});
