/**
 * Leader election on a coordination.k8s.io/v1 Lease, with the semantics of
 * client-go's leaderelection package (hand-written: @kubernetes/client-node has
 * none, and the controller does not load that client at all). A candidate takes the lease when it is free or when its holder has not
 * renewed it for `leaseDurationSeconds`, measured on the candidate's own clock
 * from when it last saw the lease change, so clock skew between replicas does
 * not matter. Updates use the Lease's resourceVersion, so two candidates can
 * never both win. Sharding (several leases, one per shard) reuses `LeaseLock`.
 */
import { KubeApiError, type ClusterConnection } from '../cluster/index.js';
import { kubeMicroTime } from './kube-time.js';

/** A coordination.k8s.io/v1 Lease, with the fields leader election uses. */
export interface Lease {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
  };
  readonly spec?: {
    readonly holderIdentity?: string;
    readonly leaseDurationSeconds?: number;
    readonly acquireTime?: string;
    readonly renewTime?: string;
    readonly leaseTransitions?: number;
  };
}

/** Where a namespace's Leases live in the API. */
export function leasesPath(namespace: string, name?: string): string {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}

export interface LeaseLockOptions {
  readonly namespace: string;
  readonly name: string;
  /** Unique per replica, e.g. `<hostname>_<random>`. */
  readonly identity: string;
  readonly leaseDurationSeconds: number;
}

function apiStatus(err: unknown): number | undefined {
  return err instanceof KubeApiError ? err.status : undefined;
}

export class LeaseLock {
  private observedVersion: string | undefined;
  private observedAt = 0;

  constructor(
    private readonly connection: ClusterConnection,
    readonly options: LeaseLockOptions,
  ) {}

  /** Takes or renews the lease; true while this candidate holds it. */
  async tryAcquireOrRenew(now: Date = new Date()): Promise<boolean> {
    let lease: Lease;
    try {
      lease = await this.send('GET', this.path);
    } catch (err) {
      if (apiStatus(err) !== 404) throw err;
      return this.write('POST', this.collection, this.record(undefined, now));
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
    return this.write('PUT', this.path, this.record(lease, now));
  }

  /**
   * Records a copy of the lease read elsewhere (a list), so that a holder's
   * silence is measured from when it was first seen, even before this
   * candidate tries to take the lease.
   */
  observe(lease: Lease, now: Date = new Date()): void {
    const version = lease.metadata?.resourceVersion;
    if (version === this.observedVersion) return;
    this.observedVersion = version;
    this.observedAt = now.getTime();
  }

  /** Gives the lease up so another candidate can take it at once. */
  async release(): Promise<void> {
    try {
      const lease = await this.send('GET', this.path);
      if (lease.spec?.holderIdentity !== this.options.identity) return;
      const body: Lease = {
        ...lease,
        spec: { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1 },
      };
      await this.send('PUT', this.path, body);
    } catch {
      // best effort: an unreleased lease simply expires
    }
  }

  private get path(): string {
    return leasesPath(this.options.namespace, this.options.name);
  }

  private get collection(): string {
    return leasesPath(this.options.namespace);
  }

  private async send(method: 'GET' | 'POST' | 'PUT', path: string, body?: Lease): Promise<Lease> {
    const target = `Lease/${this.options.namespace}/${this.options.name}`;
    return (await this.connection.request({ method, path, body, target })) as Lease;
  }

  private record(previous: Lease | undefined, now: Date): Lease {
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
        acquireTime: wasMine ? previous?.spec?.acquireTime : kubeMicroTime(now),
        renewTime: kubeMicroTime(now),
        leaseTransitions: wasMine || !previous ? transitions : transitions + 1,
      },
    };
  }

  private async write(method: 'POST' | 'PUT', path: string, body: Lease): Promise<boolean> {
    try {
      const written = await this.send(method, path, body);
      this.observedVersion = written.metadata?.resourceVersion;
      this.observedAt = Date.now();
      return true;
    } catch (err) {
      if (apiStatus(err) === 409) return false; // another candidate wrote first
      throw err;
    }
  }
}
