import { setTimeout as delay } from 'node:timers/promises';
import { getObject, isEstablished, refOf, type ObjectRef } from '../cluster/index.js';
import { describeObject, type KubeObject } from '../core/index.js';
import { assessHealth, type HealthStatus } from '../health/index.js';
import type { SyncRun } from './context.js';
import { WaveTimeoutError } from './errors.js';

/** How often a new CRD's kind is looked for in API discovery. */
const DISCOVERY_POLL_MS = 100;

/** What a waiting step concludes about one object, looking at it live. */
export type Verdict = 'done' | 'failed' | 'pending';

export interface Watched<T> {
  readonly item: T;
  readonly ref: ObjectRef;
}

export interface WaitOutcome<T> {
  readonly done: { item: T; health: HealthStatus }[];
  readonly failed: { item: T; health: HealthStatus }[];
  /** Still pending at the deadline, with the health last seen. */
  readonly pending: { item: T; health: HealthStatus }[];
}

/**
 * Polls each object until `judge` says it is done or failed, or the deadline
 * passes. Only objects still pending are read again; the pause between
 * rounds grows from 250 ms to 2 s.
 */
export async function pollObjects<T>(
  run: SyncRun,
  watched: readonly Watched<T>[],
  judge: (obj: KubeObject | undefined, health: HealthStatus) => Verdict,
  deadline: number,
): Promise<WaitOutcome<T>> {
  const outcome: WaitOutcome<T> = { done: [], failed: [], pending: [] };
  let pending = [...watched];
  const lastHealth = new Map<Watched<T>, HealthStatus>();
  let pause = 250;
  for (;;) {
    const still: Watched<T>[] = [];
    await Promise.all(
      pending.map((w) =>
        run.limit(async () => {
          const obj = await run.retry(() => getObject(run.connection, w.ref, run.options.signal));
          const health = assessHealth(obj);
          const verdict = judge(obj, health);
          lastHealth.set(w, health);
          if (verdict === 'done') outcome.done.push({ item: w.item, health });
          else if (verdict === 'failed') outcome.failed.push({ item: w.item, health });
          else still.push(w);
        }),
      ),
    );
    pending = still;
    if (pending.length === 0 || Date.now() >= deadline) break;
    await delay(Math.min(pause, Math.max(0, deadline - Date.now())), undefined, {
      signal: run.options.signal,
    });
    pause = Math.min(pause * 1.5, 2_000);
  }
  for (const w of pending) {
    outcome.pending.push({ item: w.item, health: lastHealth.get(w) ?? { status: 'Unknown' } });
  }
  // Nothing to wait on is no wait: objects missing at comparison stay trusted.
  if (watched.length > 0) run.waited = true;
  return outcome;
}

/** Ready for the next wave: Healthy, or Suspended (paused on purpose). Degraded fails the wave. */
export function judgeReady(obj: KubeObject | undefined, health: HealthStatus): Verdict {
  if (!obj) return 'pending';
  if (health.status === 'Healthy' || health.status === 'Suspended') return 'done';
  return health.status === 'Degraded' ? 'failed' : 'pending';
}

/** Gone from the cluster. */
export function judgeGone(obj: KubeObject | undefined): Verdict {
  return obj ? 'pending' : 'done';
}

/** A CustomResourceDefinition whose `Established` condition is True. */
export function judgeEstablished(obj: KubeObject | undefined): Verdict {
  return isEstablished(obj) ? 'done' : 'pending';
}

/** Waits for one CRD to be Established, then refreshes discovery so its kind resolves. */
export async function waitForEstablished(run: SyncRun, crd: KubeObject): Promise<void> {
  const timeoutMs = Math.min(run.options.waveTimeoutMs, 60_000);
  const deadline = Date.now() + timeoutMs;
  const outcome = await pollObjects(
    run,
    [{ item: crd, ref: refOf(crd) }],
    judgeEstablished,
    deadline,
  );
  run.connection.discovery.invalidate();
  if (outcome.pending.length > 0) {
    throw new WaveTimeoutError(`${describeObject(crd)}: not Established within ${timeoutMs} ms`);
  }
  await waitForDiscovery(run, crd, deadline, timeoutMs);
}

/**
 * Established is not yet served: the API server's discovery document
 * catches up a moment later, and a custom resource applied in between
 * fails as an unknown kind (seen once in CI). Waits until discovery lists
 * the CRD's kind at every served version.
 */
async function waitForDiscovery(
  run: SyncRun,
  crd: KubeObject,
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    names?: { kind?: string };
    versions?: { name?: string; served?: boolean }[];
  };
  const wanted = (spec.versions ?? [])
    .filter((v) => v.served !== false)
    .map((v) => `${spec.group ?? ''}/${v.name ?? ''}/${spec.names?.kind ?? ''}`);
  for (;;) {
    const served = new Set(
      (await run.connection.discovery.resources()).map((r) => `${r.group}/${r.version}/${r.kind}`),
    );
    if (wanted.every((key) => served.has(key))) return;
    if (Date.now() >= deadline) {
      throw new WaveTimeoutError(
        `${describeObject(crd)}: Established, but not served by API discovery within ${timeoutMs} ms`,
      );
    }
    await delay(DISCOVERY_POLL_MS, undefined, { signal: run.options.signal });
    run.connection.discovery.invalidate();
  }
}
