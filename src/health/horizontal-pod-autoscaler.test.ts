import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('HorizontalPodAutoscaler health', () => {
  itAssessesEach([
    {
      given: 'able to scale with valid metrics',
      fixture: 'hpa-healthy',
      expected: { status: 'Healthy' },
    },
    {
      given: 'held at its maximum replica count',
      fixture: 'hpa-at-max',
      expected: {
        status: 'Healthy',
        message:
          'TooManyReplicas: the desired replica count is more than the maximum replica count',
      },
    },
    {
      given: 'metrics that cannot be read',
      fixture: 'hpa-metrics-unavailable',
      expected: {
        status: 'Degraded',
        message:
          'FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      },
    },
    {
      given: 'a scale target that does not exist',
      fixture: 'hpa-target-missing',
      expected: {
        status: 'Degraded',
        message:
          'FailedGetScale: the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "web" not found',
      },
    },
    {
      given: 'a target scaled to zero, which disables autoscaling',
      fixture: 'hpa-scaling-disabled',
      expected: {
        status: 'Suspended',
        message:
          'ScalingDisabled: scaling is disabled since the replica count of the target is zero',
      },
    },
    {
      given: 'a pause between two scale operations',
      fixture: 'hpa-backoff',
      expected: {
        status: 'Progressing',
        message:
          'BackoffBoth: the time since the previous scale is still within both the downscale and upscale forbidden windows',
      },
    },
    {
      given: 'a new autoscaler with no conditions yet',
      fixture: 'hpa-new',
      expected: { status: 'Progressing', message: 'waiting for the autoscaler to report' },
    },
    {
      given: 'a new spec the controller has not observed yet',
      fixture: 'hpa-generation-not-observed',
      expected: {
        status: 'Progressing',
        message: 'waiting for the controller to observe generation 2 (observed 1)',
      },
    },
    {
      given: 'an autoscaling/v1 object carrying its conditions in an annotation',
      fixture: 'hpa-v1-annotation',
      expected: { status: 'Healthy' },
    },
  ]);
});
