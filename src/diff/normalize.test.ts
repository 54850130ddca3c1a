import { describe, expect, it } from 'vitest';
import { normalizeForDiff } from './normalize.js';
import { overlay } from './structural.js';
import { loadObject } from './testing.js';

describe('normalization', () => {
  it('drops status, server-maintained metadata and the last-applied annotation', () => {
    const live = normalizeForDiff(loadObject('deployment-live.yaml'));
    expect(live.status).toBeUndefined();
    expect(Object.keys(live.metadata).sort()).toEqual([
      'annotations',
      'labels',
      'name',
      'namespace',
    ]);
    expect(live.metadata.annotations).not.toHaveProperty(
      'kubectl.kubernetes.io/last-applied-configuration',
    );
  });

  it("folds a Secret's stringData into data, as the API server does", () => {
    const secret = normalizeForDiff({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'YQ==' },
      stringData: { b: 'b' },
    });
    expect(secret.data).toEqual({ a: 'YQ==', b: 'Yg==' });
    expect(secret.stringData).toBeUndefined();
  });

  it("leaves an aggregated ClusterRole's rules to the controller that fills them", () => {
    const role = normalizeForDiff({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'view-all' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { view: 'true' } }] },
      rules: [{ verbs: ['get'] }],
    });
    expect(role.rules).toBeUndefined();
  });
});

describe('structural prediction', () => {
  it('keeps live-only fields, merges named list elements, takes desired scalars', () => {
    const live = {
      spec: {
        replicas: 3,
        containers: [
          { name: 'web', image: 'web:1', imagePullPolicy: 'IfNotPresent' },
          { name: 'sidecar', image: 'proxy:1' },
        ],
        ports: [80, 443],
      },
    };
    const desired = { spec: { containers: [{ name: 'web', image: 'web:2' }], ports: [8080] } };
    expect(overlay(live, desired)).toEqual({
      spec: {
        replicas: 3,
        containers: [{ name: 'web', image: 'web:2', imagePullPolicy: 'IfNotPresent' }],
        ports: [8080],
      },
    });
  });
});
