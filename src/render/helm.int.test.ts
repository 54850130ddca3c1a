import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { PathEscapeError, PathNotFoundError, type ApplicationSourceHelm } from '../source/index.js';
import { ensureTools } from '../testenv/index.js';
import { RenderTimeoutError, RenderToolError } from './errors.js';
import { renderManifests, renderWithType } from './render.js';
import { GUESTBOOK_CHART, writeFiles } from './testdata/files.js';
import type { RenderOptions, RenderTools } from './types.js';

describe('rendering Helm charts with real helm', () => {
  let checkout: string;
  let tools: RenderTools;
  const render = async (
    helm: ApplicationSourceHelm | undefined,
    options: Partial<RenderOptions> = {},
  ) =>
    renderManifests(
      { repoURL: 'local', path: 'charts/guestbook', ...(helm ? { helm } : {}) },
      checkout,
      tools,
      options,
    );
  const find = (ms: readonly { object: KubeObject }[], kind: string) =>
    ms.find((m) => m.object.kind === kind)?.object;

  beforeAll(async () => {
    tools = { helm: (await ensureTools(['helm'])).helm };
    checkout = await mkdtemp(join(tmpdir(), 'keelson-helm-'));
    await writeFiles(join(checkout, 'charts', 'guestbook'), GUESTBOOK_CHART);
    await writeFile(join(checkout, 'shared-values.yaml'), 'image:\n  tag: "2.0"\n');
  });
  afterAll(() => rm(checkout, { recursive: true, force: true }));

  it('detects the chart and renders it with the destination’s namespace and the app name as release', async () => {
    const { type, manifests } = await renderWithType(
      { repoURL: 'local', path: 'charts/guestbook' },
      checkout,
      tools,
      {
        appName: 'shop',
        namespace: 'prod',
      },
    );
    expect(type).toBe('helm');
    expect(find(manifests, 'Deployment')).toMatchObject({
      metadata: { name: 'shop-guestbook', namespace: 'prod' },
      spec: { replicas: 1 },
    });
    // CRDs are included by default, and every object says which template made it
    expect(find(manifests, 'CustomResourceDefinition')).toBeDefined();
    expect(manifests.find((m) => m.object.kind === 'Service')?.origin).toEqual({
      type: 'helm',
      chart: 'guestbook',
      version: '0.1.0',
      template: 'guestbook/templates/service.yaml',
    });
  });

  it('applies value files, inline values, parameters, release name, namespace, skipCrds and skipTests', async () => {
    const out = await render({
      valueFiles: ['env/prod.yaml', '../../shared-values.yaml'],
      values: 'service:\n  port: 8080\n',
      parameters: [
        { name: 'config.greeting', value: 'hi, there' },
        { name: 'image.repository', value: 'mirror.example/guestbook' },
      ],
      releaseName: 'web',
      namespace: 'team-a',
      skipCrds: true,
      skipTests: true,
    });
    expect(find(out, 'Deployment')).toMatchObject({
      metadata: { name: 'web-guestbook', namespace: 'team-a' },
      spec: {
        replicas: 3,
        template: {
          spec: {
            containers: [
              { image: 'mirror.example/guestbook:2.0', ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
    });
    expect(find(out, 'ConfigMap')).toMatchObject({ data: { greeting: 'hi, there' } });
    expect(find(out, 'CustomResourceDefinition')).toBeUndefined();
    expect(find(out, 'Pod')).toBeUndefined();
    // valuesObject wins over values
    const obj = await render({ values: 'replicaCount: 7\n', valuesObject: { replicaCount: 5 } });
    expect(find(obj, 'Deployment')).toMatchObject({ spec: { replicas: 5 } });
  });

  it('passes the destination’s Kubernetes version and API versions to the chart', async () => {
    const out = await render(undefined, {
      kubeVersion: '1.34.4',
      apiVersions: ['monitoring.coreos.com/v1'],
    });
    expect(find(out, 'ConfigMap')).toMatchObject({
      data: { kubeVersion: 'v1.34.4', hasMonitoring: 'true' },
    });
    const plain = await render({ kubeVersion: '1.30.0' });
    expect(find(plain, 'ConfigMap')).toMatchObject({
      data: { kubeVersion: 'v1.30.0', hasMonitoring: 'false' },
    });
  });

  it('refuses value files outside the repository, absolute paths and URLs; missing ones unless told to ignore them', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'keelson-values-outside-'));
    await writeFile(join(outside, 'evil.yaml'), 'replicaCount: 99\n');
    await expect(
      render({ valueFiles: ['../../../' + outside.split('/').pop() + '/evil.yaml'] }),
    ).rejects.toThrow(PathEscapeError);
    await expect(render({ valueFiles: [join(outside, 'evil.yaml')] })).rejects.toThrow(
      /absolute paths are not allowed/,
    );
    await expect(render({ valueFiles: ['https://example.com/values.yaml'] })).rejects.toThrow(
      /not URLs/,
    );
    await expect(render({ valueFiles: ['env/missing.yaml'] })).rejects.toThrow(PathNotFoundError);
    expect(
      await render({ valueFiles: ['env/missing.yaml'], ignoreMissingValueFiles: true }),
    ).not.toHaveLength(0);
    await rm(outside, { recursive: true, force: true });
  });

  it('stops a tool that outlives the render deadline', async () => {
    // GIVEN a "helm" that hangs
    const slow = join(checkout, 'slow-helm.sh');
    await writeFile(slow, '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
    // WHEN rendering with a short deadline THEN the render fails in time, naming the path
    const started = Date.now();
    await expect(
      renderManifests(
        { repoURL: 'local', path: 'charts/guestbook' },
        checkout,
        { helm: slow },
        { timeoutMs: 300 },
      ),
    ).rejects.toThrow(RenderTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('shows helm’s error when a template fails', async () => {
    const err = await render({ values: 'service: [not, a, map]\n' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderToolError);
    expect((err as Error).message).toMatch(/^charts\/guestbook: helm template failed: .*service/s);
    expect((err as Error).message).not.toContain(checkout);
  });
});
