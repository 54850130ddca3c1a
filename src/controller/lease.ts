/**
 * Leader election on a coordination.k8s.io/v1 Lease, with the semantics of
 * client-go's leaderelection package (hand-written: @kubernetes/client-node has
 * none). A candidate takes the lease when it is free or when its holder has not
 * renewed it for `leaseDurationSeconds`, measured on the candidate's own clock
 * from when it last saw the lease change, so clock skew between replicas does
 * not matter. Updates use the Lease's resourceVersion, so two candidates can
 * never both win. Sharding (several leases, one per shard) reuses `LeaseLock`.
 */
import { V1MicroTime, type CoordinationV1Api, type V1Lease } from '@kubernetes/client-node';

export interface LeaseLockOptions {
  readonly namespace: string;
  readonly name: string;
  /** Unique per replica, e.g. `<hostname>_<random>`. */
  readonly identity: string;
  readonly leaseDurationSeconds: number;
}

/** Status code of an API error from @kubernetes/client-node, if it is one. */
function apiStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

export class LeaseLock {
  private observedVersion: string | undefined;
  private observedAt = 0;

  constructor(
    private readonly api: CoordinationV1Api,
    readonly options: LeaseLockOptions,
  ) {}

  /** Takes or renews the lease; true while this candidate holds it. */
  async tryAcquireOrRenew(now: Date = new Date()): Promise<boolean> {
    const { namespace, name } = this.options;
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
      return this.write(() =>
        this.api.createNamespacedLease({ namespace, body: this.record(undefined, now) }),
      );
    }
    const version = lease.metadata?.resourceVersion;
    if (version !== this.observedVersion) {
      this.observedVersion = version;
      this.observedAt = now.getTime();
    }
    const holder = lease.spec?.holderIdentity;
    const durationMs =
      (lease.spec?.leaseDurationSeconds ?? this.options.leaseDurationSeconds) * 1000;
    const heldByOther =
      holder && holder !== this.options.identity && now.getTime() < this.observedAt + durationMs;
    if (heldByOther) return false;
    const body = this.record(lease, now);
    return this.write(() => this.api.replaceNamespacedLease({ name, namespace, body }));
  }

  /**
   * Records a copy of the lease read elsewhere (a list), so that a holder's
   * silence is measured from when it was first seen, even before this
   * candidate tries to take the lease.
   */
  observe(lease: V1Lease, now: Date = new Date()): void {
    const version = lease.metadata?.resourceVersion;
    if (version === this.observedVersion) return;
    this.observedVersion = version;
    this.observedAt = now.getTime();
  }

  /** Gives the lease up so another candidate can take it at once. */
  async release(): Promise<void> {
    const { namespace, name } = this.options;
    try {
      const lease = await this.api.readNamespacedLease({ name, namespace });
      if (lease.spec?.holderIdentity !== this.options.identity) return;
      const body: V1Lease = {
        ...lease,
        spec: { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1 },
      };
      await this.api.replaceNamespacedLease({ name, namespace, body });
    } catch {
      // best effort: an unreleased lease simply expires
    }
  }

  private record(previous: V1Lease | undefined, now: Date): V1Lease {
    const { namespace, name, identity, leaseDurationSeconds } = this.options;
    const wasMine = previous?.spec?.holderIdentity === identity;
    const transitions = previous?.spec?.leaseTransitions ?? 0;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace, resourceVersion: previous?.metadata?.resourceVersion },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: wasMine ? previous?.spec?.acquireTime : new V1MicroTime(now),
        renewTime: new V1MicroTime(now),
        leaseTransitions: wasMine || !previous ? transitions : transitions + 1,
      },
    };
  }

  private async write(request: () => Promise<V1Lease>): Promise<boolean> {
    try {
      const written = await request();
      this.observedVersion = written.metadata?.resourceVersion;
      this.observedAt = Date.now();
      return true;
    } catch (err) {
      if (apiStatus(err) === 409) return false; // another candidate wrote first
      throw err;
    }
  }
}
