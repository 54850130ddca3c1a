import { describe, expect, it } from 'vitest';
import { hasOverrides, parseImageOverride, wrapperKustomization } from './kustomize-overrides.js';

describe('Kustomize overrides', () => {
  it("reads image overrides in Argo CD's syntax", () => {
    expect(parseImageOverride('nginx:1.25')).toEqual({ name: 'nginx', newTag: '1.25' });
    expect(parseImageOverride('registry.example:5000/team/app:2.0')).toEqual({
      name: 'registry.example:5000/team/app',
      newTag: '2.0',
    });
    expect(parseImageOverride('nginx@sha256:abc')).toEqual({ name: 'nginx', digest: 'sha256:abc' });
    expect(parseImageOverride('nginx=mirror.example/nginx:1.25')).toEqual({
      name: 'nginx',
      newName: 'mirror.example/nginx',
      newTag: '1.25',
    });
    expect(parseImageOverride('nginx=nginx:1.26')).toEqual({ name: 'nginx', newTag: '1.26' });
  });

  it('wraps the application in a kustomization that carries the overrides and asks for origins', () => {
    const wrapper = wrapperKustomization(
      {
        namePrefix: 'x-',
        nameSuffix: '-y',
        namespace: 'team-a',
        images: ['web:2.0'],
        commonLabels: { team: 'a' },
        commonAnnotations: { owner: 'a@example.com' },
        replicas: [{ name: 'web', count: '3' }],
      },
      '../../checkout/overlays/prod',
    );
    expect(wrapper).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../checkout/overlays/prod'],
      buildMetadata: ['originAnnotations'],
      namePrefix: 'x-',
      nameSuffix: '-y',
      namespace: 'team-a',
      images: [{ name: 'web', newTag: '2.0' }],
      labels: [{ pairs: { team: 'a' }, includeSelectors: true }],
      commonAnnotations: { owner: 'a@example.com' },
      replicas: [{ name: 'web', count: 3 }],
    });
    expect(
      wrapperKustomization({ commonLabels: { t: 'a' }, labelWithoutSelector: true }, 'app'),
    ).toMatchObject({
      labels: [{ pairs: { t: 'a' }, includeSelectors: false }],
    });
  });

  it('refuses a replica count that is not a whole number', () => {
    expect(() =>
      wrapperKustomization({ replicas: [{ name: 'web', count: 'many' }] }, 'app'),
    ).toThrow(/replica count for "web" must be a non-negative integer, got "many"/);
  });

  it('knows when there is nothing to override', () => {
    expect(hasOverrides(undefined)).toBe(false);
    expect(hasOverrides({ images: [], commonLabels: {} })).toBe(false);
    expect(hasOverrides({ namePrefix: 'p-' })).toBe(true);
  });
});
