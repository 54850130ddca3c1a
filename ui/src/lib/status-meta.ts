/**
 * How a status looks: a tone (colour) and an icon, always shown with the
 * status word, so status is never told by colour alone (WCAG 1.4.1).
 */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'paused' | 'unknown';
export type IconName =
  | 'check'
  | 'cross'
  | 'arrow-up'
  | 'question'
  | 'heart'
  | 'spinner'
  | 'broken'
  | 'pause'
  | 'ghost'
  | 'minus'
  | 'trash';

export interface StatusLook {
  readonly tone: Tone;
  readonly icon: IconName;
}

const SYNC: Readonly<Record<string, StatusLook>> = {
  Synced: { tone: 'ok', icon: 'check' },
  OutOfSync: { tone: 'warn', icon: 'arrow-up' },
  // Resource-level sync statuses (ResourceDiffView / ResourceNode).
  Missing: { tone: 'warn', icon: 'ghost' },
  Extra: { tone: 'warn', icon: 'trash' },
};

const HEALTH: Readonly<Record<string, StatusLook>> = {
  Healthy: { tone: 'ok', icon: 'heart' },
  Progressing: { tone: 'info', icon: 'spinner' },
  Degraded: { tone: 'bad', icon: 'broken' },
  Suspended: { tone: 'paused', icon: 'pause' },
  Missing: { tone: 'warn', icon: 'ghost' },
};

const OPERATION: Readonly<Record<string, StatusLook>> = {
  Running: { tone: 'info', icon: 'spinner' },
  Terminating: { tone: 'warn', icon: 'spinner' },
  Succeeded: { tone: 'ok', icon: 'check' },
  Failed: { tone: 'bad', icon: 'cross' },
  Error: { tone: 'bad', icon: 'cross' },
  // Per-resource results of a sync.
  Synced: { tone: 'ok', icon: 'check' },
  SyncFailed: { tone: 'bad', icon: 'cross' },
  Pruned: { tone: 'info', icon: 'trash' },
  PruneSkipped: { tone: 'unknown', icon: 'minus' },
  Skipped: { tone: 'unknown', icon: 'minus' },
};

const UNKNOWN: StatusLook = { tone: 'unknown', icon: 'question' };

export function syncLook(status: string): StatusLook {
  return SYNC[status] ?? UNKNOWN;
}

export function healthLook(status: string): StatusLook {
  return HEALTH[status] ?? UNKNOWN;
}

export function operationLook(phase: string): StatusLook {
  return OPERATION[phase] ?? UNKNOWN;
}
