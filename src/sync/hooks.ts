import { annotationOf, describeObject, type KubeObject } from '../core/index.js';
import { InvalidAnnotationError } from './errors.js';
import type { HookDeletePolicy, SyncPhase } from './types.js';

const HOOK_PHASES = new Set<string>(['PreSync', 'Sync', 'PostSync', 'SyncFail']);
/** Argo CD hook types for application deletion: not part of a sync. */
const OTHER_HOOK_TYPES = new Set<string>(['PreDelete', 'PostDelete']);
const DELETE_POLICIES = new Set<string>(['HookSucceeded', 'HookFailed', 'BeforeHookCreation']);

/**
 * The phases a hook runs in, from `keelson.dev/hook` (alias
 * `argocd.argoproj.io/hook`), e.g. `PreSync,PostSync`. Throws on an unknown
 * phase, naming the object.
 */
export function hookPhases(obj: KubeObject): SyncPhase[] {
  const value = annotationOf(obj, 'hook') ?? '';
  const phases: SyncPhase[] = [];
  for (const raw of value.split(',')) {
    const phase = raw.trim();
    if (!phase || OTHER_HOOK_TYPES.has(phase)) continue;
    if (!HOOK_PHASES.has(phase)) {
      throw new InvalidAnnotationError(
        `${describeObject(obj)}: unknown hook phase ${JSON.stringify(phase)}`,
      );
    }
    phases.push(phase as SyncPhase);
  }
  return [...new Set(phases)];
}

/**
 * A hook's delete policies, from `keelson.dev/hook-delete-policy` (alias
 * `argocd.argoproj.io/hook-delete-policy`). Without any, `BeforeHookCreation`
 * (Argo CD's default), so a named hook is recreated on every sync.
 */
export function hookDeletePolicies(obj: KubeObject): HookDeletePolicy[] {
  const value = annotationOf(obj, 'hookDeletePolicy');
  const policies: HookDeletePolicy[] = [];
  for (const raw of (value ?? '').split(',')) {
    const policy = raw.trim();
    if (!policy) continue;
    if (!DELETE_POLICIES.has(policy)) {
      throw new InvalidAnnotationError(
        `${describeObject(obj)}: unknown hook delete policy ${JSON.stringify(policy)}`,
      );
    }
    policies.push(policy as HookDeletePolicy);
  }
  return policies.length > 0 ? [...new Set(policies)] : ['BeforeHookCreation'];
}

/**
 * The sync wave of an object, from `keelson.dev/sync-wave` (alias
 * `argocd.argoproj.io/sync-wave`); 0 by default. Throws on a value that is
 * not an integer, naming the object.
 */
export function syncWave(obj: KubeObject | undefined): number {
  const value = annotationOf(obj, 'syncWave')?.trim();
  if (value === undefined || value === '') return 0;
  if (!/^[-+]?\d+$/.test(value)) {
    throw new InvalidAnnotationError(
      `${describeObject(obj as KubeObject)}: sync wave ${JSON.stringify(value)} is not an integer`,
    );
  }
  return Number(value);
}
