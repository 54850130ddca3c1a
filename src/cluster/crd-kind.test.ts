import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import { establishedKindOf } from './crd-kind.js';

const crd = (established: string, served = true): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [{ name: 'v1', served }],
  },
  status: {
    conditions: [
      { type: 'NamesAccepted', status: 'True' },
      { type: 'Established', status: established },
    ],
  },
});

describe('establishedKindOf', () => {
  it('names the group and kind of an Established CRD that serves a version', () => {
    expect(establishedKindOf(crd('True'))).toBe('example.com/Widget');
  });

  it('expects nothing from a CRD not yet Established, or serving no version', () => {
    expect(establishedKindOf(crd('False'))).toBeUndefined();
    expect(establishedKindOf(crd('True', false))).toBeUndefined();
    expect(establishedKindOf({ ...crd('True'), status: undefined })).toBeUndefined();
  });
});
