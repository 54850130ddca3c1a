import { fingerprintOf, omitKeys, type KubeObject } from '../core/index.js';

/** How long a validation verdict is reused (default 5 minutes). */
const DEFAULT_TTL_MS = 5 * 60_000;
/** Verdicts kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

/**
 * Objects recently found valid by a dry-run create in `default`, the
 * validation of objects bound for a namespace the sync is about to create.
 * Such a dry run cannot see the real namespace anyway (its quotas, limits
 * or webhooks' namespace selectors), so its verdict depends only on the
 * object's kind and content: an identical object for another namespace,
 * as an ApplicationSet deploying one chart to many tenants produces, is
 * valid too. Reusing the verdict for a few minutes spares the API server a
 * thousand identical dry runs; a schema or admission change is seen once
 * the verdict expires. Only successes are kept: an invalid object is always
 * dry-run again, so its error is current. One instance per cluster.
 */
export class RecentValidations {
  // Key → when it expires, oldest first.
  private readonly verdicts = new Map<string, number>();

  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `obj` (with these validation settings) was found valid within the TTL. */
  wasValid(obj: KubeObject, strict: boolean): boolean {
    const key = validationKey(obj, strict);
    const expires = this.verdicts.get(key);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.verdicts.delete(key);
    return false;
  }

  /** Records that a dry run found `obj` valid. */
  rememberValid(obj: KubeObject, strict: boolean): void {
    const key = validationKey(obj, strict);
    this.verdicts.delete(key);
    this.verdicts.set(key, this.now() + this.ttlMs);
    if (this.verdicts.size > MAX_ENTRIES) {
      const oldest = this.verdicts.keys().next().value;
      if (oldest !== undefined) this.verdicts.delete(oldest);
    }
  }
}

// The namespace is the one thing such a dry run replaces (with `default`).
function validationKey(obj: KubeObject, strict: boolean): string {
  const metadata = omitKeys(obj.metadata, 'namespace');
  return `${strict ? 'strict' : 'lenient'}:${fingerprintOf({ ...obj, metadata })}`;
}
