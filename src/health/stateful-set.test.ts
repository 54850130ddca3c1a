import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('StatefulSet health', () => {
  itAssessesEach([
    {
      given: 'every pod ready and on the current revision',
      fixture: 'statefulset-healthy',
      expected: { status: 'Healthy' },
    },
    {
      given: 'pods still starting',
      fixture: 'statefulset-pods-not-ready',
      expected: { status: 'Progressing', message: '1 of 3 pods ready' },
    },
    {
      given: 'a rolling update halfway through',
      fixture: 'statefulset-rolling-update',
      expected: { status: 'Progressing', message: '2 of 3 pods updated' },
    },
    {
      given: 'all pods updated but the revision not yet promoted',
      fixture: 'statefulset-revision-pending',
      expected: {
        status: 'Progressing',
        message: 'rolling update to revision db-5f8d6c7b9e in progress',
      },
    },
    {
      given: 'a partitioned update whose pods above the partition are not updated',
      fixture: 'statefulset-partition-in-progress',
      expected: { status: 'Progressing', message: 'partitioned rollout: 0 of 1 pods updated' },
    },
    {
      given: 'a partitioned update done up to the partition',
      fixture: 'statefulset-partition-complete',
      expected: { status: 'Healthy', message: 'partitioned rollout complete: 1 of 3 pods updated' },
    },
    {
      given: 'the OnDelete strategy with pods on the old revision',
      fixture: 'statefulset-on-delete',
      expected: {
        status: 'Healthy',
        message: '1 of 3 pods updated; OnDelete: the others update when deleted',
      },
    },
    {
      given: 'a scale-down in progress',
      fixture: 'statefulset-scaling-down',
      expected: { status: 'Progressing', message: '1 pod pending termination' },
    },
    {
      given: 'a new spec the controller has not observed yet',
      fixture: 'statefulset-generation-not-observed',
      expected: {
        status: 'Progressing',
        message: 'waiting for the controller to observe generation 5 (observed 4)',
      },
    },
  ]);
});
