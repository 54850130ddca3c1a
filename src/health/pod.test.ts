import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('Pod health', () => {
  describe('a Pod that restarts forever (restartPolicy Always)', () => {
    itAssessesEach([
      {
        given: 'running with every container ready',
        fixture: 'pod-running-ready',
        expected: { status: 'Healthy' },
      },
      {
        given: 'running with a container not ready yet',
        fixture: 'pod-running-not-ready',
        expected: { status: 'Progressing', message: '1 of 2 containers ready' },
      },
      {
        given: 'a container in CrashLoopBackOff',
        fixture: 'pod-crash-loop',
        expected: {
          status: 'Degraded',
          message:
            'container web: CrashLoopBackOff: back-off 5m0s restarting failed container=web pod=web-5c8d7f6b9a-q9d4l_shop(4d6e8f0a-1b3c-4d5e-8f7a-9b0c1d2e3f20)',
        },
      },
      {
        given: 'an image that cannot be pulled (ImagePullBackOff)',
        fixture: 'pod-image-pull-back-off',
        expected: {
          status: 'Degraded',
          message:
            'container web: ImagePullBackOff: Back-off pulling image "registry.example/shop/web:1.5.1"',
        },
      },
      {
        given: 'an image that does not exist (ErrImagePull)',
        fixture: 'pod-err-image-pull',
        expected: {
          status: 'Degraded',
          message:
            'container web: ErrImagePull: failed to pull and unpack image "registry.example/shop/web:1.5.1": not found',
        },
      },
      {
        given: 'a container referring to a missing Secret',
        fixture: 'pod-create-container-config-error',
        expected: {
          status: 'Degraded',
          message: 'container web: CreateContainerConfigError: secret "db-credentials" not found',
        },
      },
      {
        given: 'an init container in CrashLoopBackOff',
        fixture: 'pod-init-crash-loop',
        expected: {
          status: 'Degraded',
          message:
            'container migrate: CrashLoopBackOff: back-off 1m20s restarting failed container=migrate pod=web-5c8d7f6b9a-k2j7v_shop(4d6e8f0a-1b3c-4d5e-8f7a-9b0c1d2e3f20)',
        },
      },
      {
        given: 'a container restarted after being OOM-killed and not ready again',
        fixture: 'pod-restarted-not-ready',
        expected: {
          status: 'Degraded',
          message: 'container web restarted (OOMKilled, exit code 137) and is not ready',
        },
      },
      {
        given: 'no node with room for it',
        fixture: 'pod-unschedulable',
        expected: {
          status: 'Progressing',
          message:
            'Unschedulable: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        },
      },
      {
        given: 'containers being created',
        fixture: 'pod-container-creating',
        expected: { status: 'Progressing', message: 'container web: ContainerCreating' },
      },
      {
        given: 'evicted by the kubelet',
        fixture: 'pod-evicted',
        expected: {
          status: 'Degraded',
          message:
            'Evicted: The node was low on resource: memory. Threshold quantity: 100Mi, available: 91Mi. Container web was using 1.2Gi, request is 0, has larger consumption of memory.',
        },
      },
      {
        given: 'a node that stopped reporting',
        fixture: 'pod-node-lost',
        expected: {
          status: 'Unknown',
          message:
            'pod phase is Unknown: NodeLost: Node node-a which was running pod web-5c8d7f6b9a-u8m3p is unresponsive',
        },
      },
    ]);
  });

  describe('a Pod that runs to completion (restartPolicy Never or OnFailure)', () => {
    itAssessesEach([
      {
        given: 'succeeded',
        fixture: 'pod-succeeded',
        expected: { status: 'Healthy' },
      },
      {
        given: 'failed with a non-zero exit code',
        fixture: 'pod-failed-exit-code',
        expected: { status: 'Degraded', message: 'container web: Error, exit code 1' },
      },
      {
        given: 'running and ready',
        fixture: 'pod-hook-running',
        expected: { status: 'Progressing', message: 'running to completion' },
      },
      {
        given: 'an image pull backing off (it may still resolve; hooks must not fail early)',
        fixture: 'pod-hook-image-pull-back-off',
        expected: {
          status: 'Progressing',
          message:
            'container web: ImagePullBackOff: Back-off pulling image "registry.example/shop/check:0.3"',
        },
      },
    ]);
  });
});
