import type { KubeObject } from '../core/index.js';
import { describeCondition, findCondition } from './conditions.js';
import { booleanAt, listAt, numberAt, recordAt, stringAt, type Fields } from './fields.js';
import { health } from './result.js';
import type { HealthStatus } from './types.js';

/**
 * Waiting reasons that mean a container cannot start without someone acting:
 * CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError,
 * CreateContainerError, RunContainerError, InvalidImageName... The pattern
 * (Err*, *Error, *BackOff) is Argo CD's; normal waits such as
 * ContainerCreating and PodInitializing do not match it.
 */
const STUCK_REASON = /^Err|Error$|BackOff$|^InvalidImageName$/;

interface ContainerState {
  readonly name: string;
  readonly ready: boolean;
  readonly waiting?: Fields;
  readonly terminated?: Fields;
  readonly lastTerminated?: Fields;
}

function containerStates(obj: KubeObject, list: string): ContainerState[] {
  return listAt(obj, 'status', list).map((entry) => {
    const waiting = recordAt(entry, 'state', 'waiting');
    const terminated = recordAt(entry, 'state', 'terminated');
    const lastTerminated = recordAt(entry, 'lastState', 'terminated');
    return {
      name: stringAt(entry, 'name') ?? '?',
      ready: booleanAt(entry, 'ready') === true,
      ...(waiting ? { waiting } : {}),
      ...(terminated ? { terminated } : {}),
      ...(lastTerminated ? { lastTerminated } : {}),
    };
  });
}

function reasonAndMessage(fields: Fields | undefined): string {
  const reason = stringAt(fields, 'reason') ?? '';
  const message = stringAt(fields, 'message')?.trim() ?? '';
  return reason && message ? `${reason}: ${message}` : reason || message;
}

function exitDescription(terminated: Fields): string {
  const reason = stringAt(terminated, 'reason');
  const code = numberAt(terminated, 'exitCode');
  const message = stringAt(terminated, 'message')?.trim();
  const parts = [reason, code === undefined ? undefined : `exit code ${code}`, message];
  return parts.filter((p) => p).join(', ');
}

function failureMessage(obj: KubeObject, containers: readonly ContainerState[]): string {
  const podLevel = reasonAndMessage(recordAt(obj, 'status'));
  if (podLevel) return podLevel;
  for (const c of containers) {
    const code = c.terminated && numberAt(c.terminated, 'exitCode');
    if (c.terminated && code !== 0) return `container ${c.name}: ${exitDescription(c.terminated)}`;
  }
  return 'pod failed';
}

function pendingMessage(obj: KubeObject, containers: readonly ContainerState[]): string {
  const scheduled = findCondition(obj, 'PodScheduled');
  if (scheduled?.status === 'False') return describeCondition(scheduled);
  const waiting = containers.find((c) => c.waiting);
  if (waiting) return `container ${waiting.name}: ${reasonAndMessage(waiting.waiting)}`;
  return stringAt(obj, 'status', 'message') ?? 'waiting to start';
}

/**
 * Pod, by phase. Pods that restart forever (`restartPolicy: Always`, the
 * default) are Degraded as soon as a container is stuck (see STUCK_REASON) and
 * Healthy once Ready. Pods that run to completion (`Never`, `OnFailure`, such
 * as hook Pods) are Healthy only once they Succeeded: a stuck image pull may
 * still resolve, and calling it Degraded early would fail a hook that later
 * runs (Argo CD's reasoning).
 */
export function podHealth(obj: KubeObject): HealthStatus {
  const restartsForever = (stringAt(obj, 'spec', 'restartPolicy') ?? 'Always') === 'Always';
  const containers = [
    ...containerStates(obj, 'initContainerStatuses'),
    ...containerStates(obj, 'containerStatuses'),
  ];

  if (restartsForever) {
    const stuck = containers.filter((c) => STUCK_REASON.test(stringAt(c.waiting, 'reason') ?? ''));
    if (stuck.length > 0) {
      const details = stuck.map((c) => `container ${c.name}: ${reasonAndMessage(c.waiting)}`);
      return health('Degraded', details.join('; '));
    }
  }

  const phase = stringAt(obj, 'status', 'phase');
  switch (phase) {
    case 'Succeeded':
      return health('Healthy', stringAt(obj, 'status', 'message'));
    case 'Failed':
      return health('Degraded', failureMessage(obj, containers));
    case 'Pending':
    case undefined:
      return health('Progressing', pendingMessage(obj, containers));
    case 'Running':
      return runningHealth(obj, restartsForever);
    default: {
      // `Unknown`: the node stopped reporting; nothing can be said about the containers.
      const why = reasonAndMessage(recordAt(obj, 'status'));
      return health('Unknown', why ? `pod phase is ${phase}: ${why}` : `pod phase is ${phase}`);
    }
  }
}

function runningHealth(obj: KubeObject, restartsForever: boolean): HealthStatus {
  if (!restartsForever) return health('Progressing', 'running to completion');
  const regular = containerStates(obj, 'containerStatuses');
  const readyCondition = findCondition(obj, 'Ready');
  const ready = readyCondition
    ? readyCondition.status === 'True'
    : regular.length > 0 && regular.every((c) => c.ready);
  if (ready) return health('Healthy', stringAt(obj, 'status', 'message'));

  // Not ready after a container exited: it crashed and has been restarted.
  const crashed = regular.find((c) => !c.ready && c.lastTerminated);
  if (crashed?.lastTerminated) {
    return health(
      'Degraded',
      `container ${crashed.name} restarted (${exitDescription(crashed.lastTerminated)}) and is not ready`,
    );
  }
  const readyCount = regular.filter((c) => c.ready).length;
  return health('Progressing', `${readyCount} of ${regular.length} containers ready`);
}
