import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('ReplicaSet health', () => {
  itAssessesEach([
    {
      given: 'every replica available',
      fixture: 'replicaset-healthy',
      expected: { status: 'Healthy' },
    },
    {
      given: 'a scale-up in progress',
      fixture: 'replicaset-scaling-up',
      expected: { status: 'Progressing', message: '1 of 3 replicas available' },
    },
    {
      given: 'Pods refused by a quota',
      fixture: 'replicaset-replica-failure',
      expected: {
        status: 'Degraded',
        message:
          'FailedCreate: pods "web-5c8d7f6b9a-x7k2p" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2',
      },
    },
    {
      given: 'a new spec the controller has not observed yet',
      fixture: 'replicaset-generation-not-observed',
      expected: {
        status: 'Progressing',
        message: 'waiting for the controller to observe generation 3 (observed 2)',
      },
    },
  ]);
});
