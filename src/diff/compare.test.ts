import { describe, expect, it } from 'vitest';
import { withTrackingMarker } from '../cluster/index.js';
import type { KubeObject } from '../core/index.js';
import { compareResource, comparisonStatus } from './compare.js';
import { loadObject } from './testing.js';

const key = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };
const live = loadObject('deployment-live.yaml');
const target = withTrackingMarker(loadObject('deployment-desired.yaml'), 'shop');

/** What the server-side dry run answers: the live object with `changes` to its spec. */
function predicted(spec: Record<string, unknown>): KubeObject {
  return {
    ...live,
    metadata: { ...live.metadata, generation: 3 },
    spec: { ...(live.spec as object), ...spec },
  };
}

describe('compareResource', () => {
  it('is Synced when the prediction equals the live object, noise aside', () => {
    // GIVEN a prediction that differs from live only in server-maintained fields
    const result = compareResource({ key, target, live, predicted: predicted({}) });
    expect(result.status).toBe('Synced');
    expect(result.diff).toBe('');
    expect(result.method).toBe('server-side');
  });

  it('is OutOfSync with a readable unified diff when applying would change the object', () => {
    const result = compareResource({ key, target, live, predicted: predicted({ replicas: 1 }) });
    expect(result.status).toBe('OutOfSync');
    expect(result.diff).toContain(
      '--- live/Deployment/shop/web\n+++ desired/Deployment/shop/web\n',
    );
    expect(result.diff).toContain('-  replicas: 3\n+  replicas: 1\n');
    // The diff shows neither status nor managed fields.
    expect(result.diff).not.toMatch(/status:|managedFields|resourceVersion/);
  });

  it('ignores a field by JSON pointer', () => {
    const result = compareResource({ key, target, live, predicted: predicted({ replicas: 1 }) }, [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(result.status).toBe('Synced');
  });

  it('ignores fields by JSONPath', () => {
    const spec = live.spec as { template: { spec: { containers: { image: string }[] } } };
    const changed = structuredClone(spec.template);
    changed.spec.containers[0] = { ...changed.spec.containers[0], image: 'nginx:2' } as {
      image: string;
    };
    const result = compareResource(
      { key, target, live, predicted: predicted({ template: changed }) },
      [
        {
          kind: '*',
          group: '*',
          jsonPaths: ["$.spec.template.spec.containers[?(@.name=='web')].image"],
        },
      ],
    );
    expect(result.status).toBe('Synced');
  });

  it('ignores the fields another field manager owns (kubectl scale owns spec.replicas)', () => {
    const result = compareResource({ key, target, live, predicted: predicted({ replicas: 1 }) }, [
      {
        group: 'apps',
        kind: 'Deployment',
        name: 'web',
        namespace: 'shop',
        managedFieldsManagers: ['kubectl'],
      },
    ]);
    expect(result.status).toBe('Synced');
  });

  it('applies a rule only to the resources it selects', () => {
    const result = compareResource({ key, target, live, predicted: predicted({ replicas: 1 }) }, [
      { group: 'apps', kind: 'Deployment', name: 'other', jsonPointers: ['/spec/replicas'] },
      { group: '', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
    expect(result.status).toBe('OutOfSync');
  });

  it('compares structurally when there is no prediction, keeping defaults the server added', () => {
    // GIVEN no dry run (the server rejected it), and a desired state equal to live apart from defaults
    const same = withTrackingMarker(
      {
        ...loadObject('deployment-desired.yaml'),
        spec: { ...(loadObject('deployment-desired.yaml').spec as object), replicas: 3 },
      },
      'shop',
    );
    const dryRunError = { reason: 'Error', message: 'timeout', transient: true } as const;
    const result = compareResource({ key, target: same, live, dryRunError });
    // THEN only the quantity spelling differs (1000m vs 1): the structural fallback cannot canonicalize it
    expect(result.method).toBe('structural');
    expect(result.dryRunError).toEqual(dryRunError);
    expect(result.diff).toContain('-              cpu: "1"\n+              cpu: 1000m\n');
    expect(result.diff.match(/^[-+] /gm)).toHaveLength(2);
  });

  it('reports Missing and Extra, and IgnoreExtraneous keeps an Extra object out of the status', () => {
    const missing = compareResource({ key, target });
    expect(missing.status).toBe('Missing');
    expect(missing.diff).toContain('+kind: Deployment');
    const extraLive = {
      ...live,
      metadata: {
        ...live.metadata,
        annotations: { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' },
      },
    };
    const extra = compareResource({ key, live: extraLive });
    expect(extra.status).toBe('Extra');
    expect(extra.ignoreExtraneous).toBe(true);
    expect(extra.diff).toContain('-kind: Deployment');
    expect(comparisonStatus([extra])).toBe('Synced');
    expect(comparisonStatus([extra, missing])).toBe('OutOfSync');
  });
});
