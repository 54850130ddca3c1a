import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeObject } from '../core/index.js';
import { PathEscapeError } from '../source/index.js';
import { ensureTools } from '../testenv/index.js';
import { RemoteBaseRefusedError, RenderToolError } from './errors.js';
import { renderManifests, renderWithType } from './render.js';
import type { RenderTools } from './types.js';

const GUESTBOOK = join(import.meta.dirname, '..', '..', 'examples', 'guestbook');

describe('rendering Kustomize applications with real kustomize', () => {
  let checkout: string;
  let tools: RenderTools;
  const write = async (path: string, content: string) => {
    await mkdir(dirname(join(checkout, path)), { recursive: true });
    await writeFile(join(checkout, path), content);
  };

  beforeAll(async () => {
    tools = { kustomize: (await ensureTools(['kustomize'])).kustomize };
    checkout = await mkdtemp(join(tmpdir(), 'keelson-kustomize-'));
    await cp(GUESTBOOK, checkout, { recursive: true });
  });
  afterAll(() => rm(checkout, { recursive: true, force: true }));

  it('detects a kustomization and builds an overlay, with each object’s source file', async () => {
    // WHEN the prod overlay is rendered with no type given
    const { type, manifests } = await renderWithType(
      { repoURL: 'local', path: 'overlays/prod' },
      checkout,
      tools,
    );
    // THEN kustomize built it
    expect(type).toBe('kustomize');
    expect(manifests.map((m) => describeObject(m.object))).toEqual([
      'Service/guestbook-prod/prod-guestbook-ui',
      'Deployment/guestbook-prod/prod-guestbook-ui',
    ]);
    expect(manifests[1]?.object).toMatchObject({ spec: { replicas: 3 } });
    // AND provenance names the overlay and the base file, and the origin annotation is gone
    expect(manifests[1]?.origin).toEqual({
      type: 'kustomize',
      overlay: 'overlays/prod',
      file: 'base/deployment.yaml',
    });
    expect(manifests[1]?.object.metadata.annotations).toBeUndefined();
  });

  it('applies Application-level overrides without modifying the checkout', async () => {
    const before = await readFile(join(checkout, 'overlays/dev/kustomization.yaml'), 'utf8');
    const out = await renderManifests(
      {
        repoURL: 'local',
        path: 'overlays/dev',
        kustomize: {
          namePrefix: 'team-',
          nameSuffix: '-v2',
          namespace: 'team-a',
          images: ['registry.example/guestbook-ui=mirror.example/guestbook-ui:0.3'],
          commonLabels: { team: 'a' },
          commonAnnotations: { 'example.com/owner': 'team-a' },
          replicas: [{ name: 'guestbook-ui', count: 4 }],
          patches: [
            {
              target: { kind: 'Service' },
              patch: '- op: add\n  path: /spec/type\n  value: NodePort\n',
            },
          ],
        },
      },
      checkout,
      tools,
    );
    const deployment = out.find((m) => m.object.kind === 'Deployment')?.object;
    const service = out.find((m) => m.object.kind === 'Service')?.object;
    expect(deployment).toMatchObject({
      metadata: {
        name: 'team-dev-guestbook-ui-v2',
        namespace: 'team-a',
        labels: { team: 'a', environment: 'dev' },
        annotations: { 'example.com/owner': 'team-a' },
      },
      spec: {
        replicas: 4,
        selector: { matchLabels: { team: 'a' } },
        template: { spec: { containers: [{ image: 'mirror.example/guestbook-ui:0.3' }] } },
      },
    });
    expect(service).toMatchObject({ spec: { type: 'NodePort' } });
    expect(await readFile(join(checkout, 'overlays/dev/kustomization.yaml'), 'utf8')).toBe(before);
  });

  it('refuses remote bases before running kustomize', async () => {
    await write(
      'overlays/remote/kustomization.yaml',
      'resources:\n  - ../../base\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.7.1\n',
    );
    await expect(
      renderManifests({ repoURL: 'local', path: 'overlays/remote' }, checkout, tools),
    ).rejects.toThrow(RemoteBaseRefusedError);
  });

  it('refuses a base reached through a symlink that leads outside the checkout', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'keelson-outside-'));
    await writeFile(join(outside, 'kustomization.yaml'), 'resources: []\n');
    await mkdir(join(checkout, 'overlays/linked'), { recursive: true });
    await symlink(outside, join(checkout, 'overlays/linked/base'));
    await write('overlays/linked/kustomization.yaml', 'resources: [base]\n');
    await expect(
      renderManifests({ repoURL: 'local', path: 'overlays/linked' }, checkout, tools),
    ).rejects.toThrow(PathEscapeError);
    await rm(outside, { recursive: true, force: true });
  });

  it('keeps the load restrictor on, and shows kustomize’s own error', async () => {
    await write('secrets/token.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: token}\n');
    await write('overlays/sneaky/kustomization.yaml', 'resources:\n  - ../../secrets/token.yaml\n');
    const err = await renderManifests(
      { repoURL: 'local', path: 'overlays/sneaky' },
      checkout,
      tools,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderToolError);
    expect((err as Error).message).toMatch(
      /^overlays\/sneaky: kustomize build failed: .*is not in or below/s,
    );
    // the checkout's absolute path is not in the message
    expect((err as Error).message).not.toContain(checkout);
  });
});
