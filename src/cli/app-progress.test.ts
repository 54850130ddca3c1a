import { describe, expect, it } from 'vitest';
import type { Application, OperationState } from '../apis/index.js';
import {
  finishedOperation,
  progressLine,
  waitVerdict,
  type WaitConditions,
} from './app-progress.js';

function appWith(status: Application['status'], operation?: Application['operation']): Application {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop' },
    spec: {
      source: { repoURL: 'https://x' },
      destination: { server: 'https://s', namespace: 'shop' },
    },
    ...(status ? { status } : {}),
    ...(operation ? { operation } : {}),
  };
}

const previous: OperationState = {
  operation: { sync: {} },
  phase: 'Succeeded',
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:00:05.000Z',
};

describe('following an operation', () => {
  it('waits while the request is pending, the old state is shown, or the new one runs', () => {
    expect(
      finishedOperation(appWith({ operationState: previous }, { sync: {} }), previous),
    ).toBeUndefined();
    expect(finishedOperation(appWith({ operationState: previous }), previous)).toBeUndefined();
    const running: OperationState = {
      ...previous,
      phase: 'Running',
      startedAt: '2025-01-01T00:01:00.000Z',
    };
    expect(finishedOperation(appWith({ operationState: running }), previous)).toBeUndefined();
  });

  it('returns the new state once finished and the request cleared', () => {
    const failed: OperationState = {
      ...previous,
      phase: 'Failed',
      startedAt: '2025-01-01T00:01:00.000Z',
    };
    expect(
      finishedOperation(appWith({ operationState: failed }, { sync: {} }), previous),
    ).toBeUndefined();
    expect(finishedOperation(appWith({ operationState: failed }), previous)).toBe(failed);
    expect(finishedOperation(appWith({ operationState: failed }), undefined)).toBe(failed);
  });

  it('describes progress: phase, message and resources done', () => {
    const running: OperationState = {
      ...previous,
      phase: 'Running',
      startedAt: '2025-01-01T00:01:00.000Z',
      message: 'Sync phase, wave 1',
      syncResult: {
        revision: 'abc',
        resources: [
          {
            group: '',
            version: 'v1',
            kind: 'ConfigMap',
            namespace: 'a',
            name: 'b',
            status: 'Synced',
          },
        ],
      },
    };
    const app = appWith({
      operationState: running,
      resources: [
        { kind: 'ConfigMap', name: 'b' },
        { kind: 'Service', name: 'c' },
      ],
    });
    expect(progressLine(app, previous)).toBe('Running: Sync phase, wave 1 (1/2 resources)');
    expect(progressLine(appWith({ operationState: previous }, { sync: {} }), previous)).toMatch(
      /^Pending/,
    );
  });
});

describe('app wait', () => {
  const all: WaitConditions = { sync: true, health: true, operation: true, degradedFail: true };

  it('holds when synced, healthy and idle', () => {
    const app = appWith({
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      operationState: previous,
    });
    expect(waitVerdict(app, all)).toEqual({ kind: 'holds' });
  });

  it('waits while an operation runs, or until synced and healthy', () => {
    expect(waitVerdict(appWith({ sync: { status: 'Synced' } }, { sync: {} }), all)).toMatchObject({
      kind: 'pending',
    });
    expect(
      waitVerdict(appWith({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } }), all),
    ).toEqual({
      kind: 'pending',
      reason: 'sync OutOfSync',
    });
    expect(
      waitVerdict(appWith({ sync: { status: 'Synced' }, health: { status: 'Progressing' } }), all),
    ).toEqual({
      kind: 'pending',
      reason: 'health Progressing',
    });
  });

  it('fails on Degraded (unless told not to) and on a failed operation', () => {
    const degraded = appWith({
      sync: { status: 'Synced' },
      health: { status: 'Degraded', message: 'crash loop' },
    });
    expect(waitVerdict(degraded, all)).toEqual({
      kind: 'failed',
      reason: 'health Degraded: crash loop',
    });
    expect(waitVerdict(degraded, { ...all, degradedFail: false })).toMatchObject({
      kind: 'pending',
    });
    const failed = appWith({
      operationState: { ...previous, phase: 'Failed', message: 'apply refused' },
    });
    expect(waitVerdict(failed, { ...all, sync: false, health: false })).toEqual({
      kind: 'failed',
      reason: 'operation Failed: apply refused',
    });
  });

  it('checks only what was asked for', () => {
    const outOfSync = appWith({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } });
    expect(waitVerdict(outOfSync, { ...all, sync: false })).toEqual({ kind: 'holds' });
  });
});
