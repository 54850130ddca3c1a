import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('health of kinds without a built-in check', () => {
  describe('kinds that never have a status', () => {
    itAssessesEach([
      { given: 'a ConfigMap', fixture: 'configmap', expected: { status: 'Healthy' } },
      {
        given: 'a ClusterRoleBinding',
        fixture: 'cluster-role-binding',
        expected: { status: 'Healthy' },
      },
    ]);
  });

  describe('built-in kinds read by the generic rules', () => {
    itAssessesEach([
      {
        given: 'an active Namespace',
        fixture: 'namespace-active',
        expected: { status: 'Healthy' },
      },
      {
        given: 'a terminating Namespace',
        fixture: 'namespace-terminating',
        expected: { status: 'Progressing', message: 'being deleted' },
      },
      {
        given: 'a PodDisruptionBudget (conditions, but no Ready)',
        fixture: 'pod-disruption-budget',
        expected: { status: 'Healthy' },
      },
    ]);
  });

  describe('custom resources following the kstatus conventions', () => {
    itAssessesEach([
      {
        given: 'a custom resource with no status at all',
        fixture: 'service-monitor-no-status',
        expected: { status: 'Healthy' },
      },
      {
        given: 'Ready True',
        fixture: 'flux-kustomization-ready',
        expected: { status: 'Healthy', message: 'Applied revision: main@sha1:4b8f1e2d9c7a' },
      },
      {
        given: 'Ready False with a failure reason',
        fixture: 'flux-kustomization-build-failed',
        expected: {
          status: 'Degraded',
          message:
            'BuildFailed: kustomize build failed: accumulating resources: open /tmp/kustomization-1/deploy/shop/web.yaml: no such file or directory',
        },
      },
      {
        given: 'Ready False with a waiting reason',
        fixture: 'flux-kustomization-dependency-not-ready',
        expected: {
          status: 'Progressing',
          message: "DependencyNotReady: dependency 'flux-system/infrastructure' is not ready",
        },
      },
      {
        given: 'Ready False while a certificate is being issued',
        fixture: 'certificate-issuing',
        expected: {
          status: 'Progressing',
          message: 'DoesNotExist: Issuing certificate as Secret does not exist',
        },
      },
      {
        given: 'Ready Unknown',
        fixture: 'widget-ready-unknown',
        expected: {
          status: 'Progressing',
          message: 'WaitingForBackend: waiting for the widget backend to answer',
        },
      },
      {
        given: 'Reconciling True',
        fixture: 'flux-kustomization-reconciling',
        expected: {
          status: 'Progressing',
          message:
            'ProgressingWithRetry: Detecting drift for revision main@sha1:9d2c7a1f3e5b with a timeout of 9m30s',
        },
      },
      {
        given: 'Stalled True',
        fixture: 'flux-kustomization-stalled',
        expected: {
          status: 'Degraded',
          message: 'InvalidPath: spec.path "./deploy/shop" does not exist in the source artifact',
        },
      },
      {
        given: 'status.observedGeneration behind metadata.generation',
        fixture: 'flux-kustomization-generation-not-observed',
        expected: {
          status: 'Progressing',
          message: 'waiting for the controller to observe generation 5 (observed 4)',
        },
      },
      {
        given: 'a Ready condition that describes an older generation',
        fixture: 'flux-kustomization-ready-stale',
        expected: {
          status: 'Progressing',
          message: 'waiting for the controller to observe generation 5',
        },
      },
      {
        given: 'Available True and no Ready condition',
        fixture: 'widget-available',
        expected: { status: 'Healthy', message: '3 of 3 widgets serving' },
      },
    ]);
  });
});
