import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('Job health', () => {
  itAssessesEach([
    {
      given: 'a completed Job',
      fixture: 'job-complete',
      expected: { status: 'Healthy', message: 'Reached expected number of succeeded pods' },
    },
    {
      given: 'a Job past its backoff limit',
      fixture: 'job-failed',
      expected: {
        status: 'Degraded',
        message: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
      },
    },
    {
      given: 'a Job decided to fail, still terminating its Pods',
      fixture: 'job-failure-target',
      expected: {
        status: 'Degraded',
        message: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
      },
    },
    {
      given: 'a running Job',
      fixture: 'job-running',
      expected: { status: 'Progressing', message: '1 active, 0 of 1 completions succeeded' },
    },
    {
      given: 'a Job retrying after failed Pods',
      fixture: 'job-retrying',
      expected: {
        status: 'Progressing',
        message: '1 active, 0 of 1 completions succeeded, 2 failed',
      },
    },
    {
      given: 'a work-queue Job without a completion count',
      fixture: 'job-work-queue',
      expected: { status: 'Progressing', message: '2 active, 3 succeeded' },
    },
    {
      given: 'a suspended Job',
      fixture: 'job-suspended',
      expected: { status: 'Suspended', message: 'JobSuspended: Job suspended' },
    },
  ]);
});
