import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('APIService health', () => {
  itAssessesEach([
    {
      given: 'an available aggregated API',
      fixture: 'apiservice-available',
      expected: { status: 'Healthy' },
    },
    {
      given: 'a backing Service without endpoints',
      fixture: 'apiservice-missing-endpoints',
      expected: {
        status: 'Progressing',
        message:
          'MissingEndpoints: endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
      },
    },
    {
      given: 'an APIService not checked yet',
      fixture: 'apiservice-not-checked',
      expected: {
        status: 'Progressing',
        message: 'waiting for the aggregator to check the service',
      },
    },
  ]);
});
