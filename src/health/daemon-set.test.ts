import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('DaemonSet health', () => {
  itAssessesEach([
    {
      given: 'every scheduled pod updated and available',
      fixture: 'daemonset-healthy',
      expected: { status: 'Healthy' },
    },
    {
      given: 'a rolling update on one node of three',
      fixture: 'daemonset-rolling-update',
      expected: { status: 'Progressing', message: '1 of 3 scheduled pods updated' },
    },
    {
      given: 'all pods updated, one not available',
      fixture: 'daemonset-pods-unavailable',
      expected: { status: 'Progressing', message: '2 of 3 scheduled pods available' },
    },
    {
      given: 'the OnDelete strategy with outdated but available pods',
      fixture: 'daemonset-on-delete-outdated',
      expected: {
        status: 'Healthy',
        message: '1 of 3 pods updated; OnDelete: the others update when deleted',
      },
    },
    {
      given: 'the OnDelete strategy with a pod not available',
      fixture: 'daemonset-on-delete-unavailable',
      expected: { status: 'Progressing', message: '2 of 3 scheduled pods available' },
    },
    {
      given: 'a new spec the controller has not observed yet',
      fixture: 'daemonset-generation-not-observed',
      expected: {
        status: 'Progressing',
        message: 'waiting for the controller to observe generation 4 (observed 3)',
      },
    },
  ]);
});
