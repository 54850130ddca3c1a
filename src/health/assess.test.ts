import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { assessHealth } from './index.js';
import { fixture } from './testdata/fixtures.js';

describe('assessHealth', () => {
  it('GIVEN no live object (not in the cluster) WHEN assessed THEN it is Missing', () => {
    expect(assessHealth(undefined)).toEqual({
      status: 'Missing',
      message: 'not found in the cluster',
    });
  });

  it('GIVEN any kind with a deletion timestamp WHEN assessed THEN it is Progressing, being deleted', () => {
    const configMap = fixture('configmap');
    const deleting: KubeObject = {
      ...configMap,
      metadata: { ...configMap.metadata, deletionTimestamp: '2025-03-07T11:00:00Z' },
    };
    expect(assessHealth(deleting)).toEqual({ status: 'Progressing', message: 'being deleted' });
  });

  it('GIVEN a kind served in another version of its group WHEN assessed THEN the kind’s rules apply', () => {
    const paused = { ...fixture('deployment-paused'), apiVersion: 'apps/v1beta2' };
    expect(assessHealth(paused).status).toBe('Suspended');
  });

  it('GIVEN the same kind name in another group WHEN assessed THEN the built-in rules do not apply', () => {
    // A custom `Deployment` is not apps/Deployment: only kstatus conventions can be read.
    const custom = { ...fixture('deployment-paused'), apiVersion: 'shop.example.com/v1' };
    expect(assessHealth(custom)).toEqual({
      status: 'Progressing',
      message: 'waiting for the controller to observe generation 4 (observed 3)',
    });
  });

  it('GIVEN an object whose status cannot be read WHEN assessed THEN it is Unknown with the reason, without throwing', () => {
    const broken = Object.defineProperty({ ...fixture('pvc-bound') }, 'status', {
      get() {
        throw new Error('status is not readable');
      },
    });
    expect(assessHealth(broken)).toEqual({
      status: 'Unknown',
      message: 'health check failed: status is not readable',
    });
  });

  it('GIVEN malformed status fields WHEN assessed THEN they count as not reported', () => {
    const deployment = fixture('deployment-healthy');
    const malformed = { ...deployment, status: { observedGeneration: '2', conditions: 'none' } };
    expect(assessHealth(malformed)).toEqual({
      status: 'Progressing',
      message: 'waiting for the controller to observe generation 2',
    });
  });
});
