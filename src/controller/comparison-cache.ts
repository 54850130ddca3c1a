import { createHash } from 'node:crypto';
import type { Application } from '../apis/index.js';
import {
  formatResourceKey,
  objectFingerprintOf,
  resourceKeyOf,
  type KubeObject,
} from '../core/index.js';
import type { ComparisonResult } from '../diff/index.js';

/**
 * The last comparison of each application, reused while neither side has
 * changed. A comparison costs one server-side dry run per resource; the
 * periodic resync of an unchanged fleet would otherwise repeat thousands of
 * them every few minutes for nothing. The fingerprint covers everything the
 * result depends on that we can see: the rendered objects, the comparison
 * settings, and each live object's resourceVersion. What we cannot see (an
 * admission webhook or CRD schema that changed, an object of another owner
 * appearing) is caught by recomputing after `maxReuse` reuses, and at once
 * on a hard refresh.
 */
export class ComparisonCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxReuse = 10) {}

  async getOrCompare(
    app: string,
    fingerprint: string,
    compare: () => Promise<ComparisonResult>,
  ): Promise<ComparisonResult> {
    const entry = this.entries.get(app);
    if (entry && entry.fingerprint === fingerprint && entry.reuses < this.maxReuse) {
      entry.reuses++;
      return entry.result;
    }
    const result = await compare();
    this.entries.set(app, { fingerprint, result, reuses: 0 });
    return result;
  }

  forget(app: string): void {
    this.entries.delete(app);
  }

  clear(): void {
    this.entries.clear();
  }
}

interface Entry {
  readonly fingerprint: string;
  readonly result: ComparisonResult;
  reuses: number;
}

/** What a comparison of `app` depends on, as one hash. */
export function comparisonFingerprint(
  app: Application,
  desired: readonly KubeObject[],
  live: readonly KubeObject[],
): string {
  const hash = createHash('sha1');
  hash.update(
    JSON.stringify([app.spec.destination.namespace ?? '', app.spec.ignoreDifferences ?? []]),
  );
  for (const obj of desired) hash.update(objectFingerprintOf(obj));
  const versions = live
    .map((o) => `${formatResourceKey(resourceKeyOf(o))}@${o.metadata.resourceVersion ?? ''}`)
    .sort();
  hash.update(versions.join('\n'));
  return hash.digest('base64');
}
