import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('Service health', () => {
  itAssessesEach([
    {
      given: 'a ClusterIP Service',
      fixture: 'service-cluster-ip',
      expected: { status: 'Healthy' },
    },
    {
      given: 'a LoadBalancer Service without an address yet',
      fixture: 'service-load-balancer-pending',
      expected: { status: 'Progressing', message: 'waiting for a load balancer address' },
    },
    {
      given: 'a LoadBalancer Service with an address',
      fixture: 'service-load-balancer-ready',
      expected: { status: 'Healthy' },
    },
  ]);
});
