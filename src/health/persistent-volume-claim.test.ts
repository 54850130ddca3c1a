import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('PersistentVolumeClaim health', () => {
  itAssessesEach([
    { given: 'a bound claim', fixture: 'pvc-bound', expected: { status: 'Healthy' } },
    {
      given: 'a claim waiting for a volume',
      fixture: 'pvc-pending',
      expected: { status: 'Progressing', message: 'waiting for a volume to be bound' },
    },
    {
      given: 'a claim whose volume is gone',
      fixture: 'pvc-lost',
      expected: { status: 'Degraded', message: 'the bound volume is lost' },
    },
  ]);
});
