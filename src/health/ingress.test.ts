import { describe, expect, it } from 'vitest';
import { assessHealth } from './index.js';
import { fixture, itAssessesEach } from './testdata/fixtures.js';

describe('Ingress health', () => {
  itAssessesEach([
    {
      given: 'an address published by the ingress controller',
      fixture: 'ingress-with-address',
      expected: { status: 'Healthy' },
    },
    {
      given: 'no address published yet',
      fixture: 'ingress-without-address',
      expected: {
        status: 'Progressing',
        message: 'waiting for an ingress controller to publish an address',
      },
    },
  ]);

  it('GIVEN an Ingress served from the older extensions group WHEN assessed THEN the same rule applies', () => {
    const legacy = { ...fixture('ingress-without-address'), apiVersion: 'extensions/v1beta1' };
    expect(assessHealth(legacy).status).toBe('Progressing');
  });
});
