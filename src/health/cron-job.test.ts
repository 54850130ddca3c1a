import { describe, expect, it } from 'vitest';
import { assessHealth } from './index.js';
import { fixture, itAssessesEach } from './testdata/fixtures.js';

describe('CronJob health', () => {
  itAssessesEach([
    {
      given: 'a suspended CronJob',
      fixture: 'cronjob-suspended',
      expected: { status: 'Suspended', message: 'cron job is suspended' },
    },
    {
      given: 'a CronJob never scheduled yet',
      fixture: 'cronjob-never-scheduled',
      expected: { status: 'Healthy', message: 'not scheduled yet' },
    },
    {
      given: 'a last run that succeeded',
      fixture: 'cronjob-last-run-succeeded',
      expected: { status: 'Healthy', message: 'the last scheduled run succeeded' },
    },
    {
      given: 'a last run that finished without succeeding',
      fixture: 'cronjob-last-run-failed',
      expected: { status: 'Degraded', message: 'the last scheduled run did not succeed' },
    },
    {
      given: 'a run in progress after an earlier success',
      fixture: 'cronjob-running',
      expected: { status: 'Healthy', message: 'a job is running' },
    },
    {
      given: 'runs scheduled but none recorded as successful',
      fixture: 'cronjob-no-success-yet',
      expected: { status: 'Healthy', message: 'no successful run recorded yet' },
    },
  ]);

  it('GIVEN timestamps as Date objects (as client-node models hold them) WHEN assessed THEN they are compared the same way', () => {
    const cronJob = fixture('cronjob-last-run-failed');
    const withDates = {
      ...cronJob,
      status: {
        lastScheduleTime: new Date('2025-03-05T02:00:00Z'),
        lastSuccessfulTime: new Date('2025-03-04T02:01:13Z'),
      },
    };
    expect(assessHealth(withDates)).toEqual(assessHealth(cronJob));
  });
});
