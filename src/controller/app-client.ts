import { KubeApiError, type ClusterConnection } from '../cluster/index.js';
import { API_VERSION, type ApplicationStatus } from '../apis/index.js';

const MERGE_PATCH = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

/** JSON has no undefined: drop such keys so a patch says exactly what it means. */
function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

/** Writes to Application objects on the controller's own cluster. */
export class ApplicationClient {
  constructor(
    private readonly connection: ClusterConnection,
    readonly namespace: string,
  ) {}

  private path(name: string, sub = ''): string {
    const ns = encodeURIComponent(this.namespace);
    return `/apis/${API_VERSION}/namespaces/${ns}/applications/${encodeURIComponent(name)}${sub}`;
  }

  /**
   * Sets the given top-level status fields, each replaced whole: a JSON merge
   * patch would keep stale nested fields (the `finishedAt` of the previous
   * operation, a health message that no longer applies). Uses a JSON patch;
   * when the object has no status yet (the patch's path does not exist), a
   * merge patch creates it.
   *
   * `statuslessAt`: the caller's copy of the object had no status at this
   * resourceVersion. The status is then created by a merge patch guarded by
   * that version, saving the JSON patch the API server would refuse (one
   * request per new application); if the object moved on meanwhile (409),
   * the usual path runs.
   */
  async patchStatus(
    name: string,
    status: Partial<Record<keyof ApplicationStatus, unknown>>,
    statuslessAt?: string,
  ): Promise<void> {
    const entries = Object.entries(status).filter(([, v]) => v !== undefined);
    if (statuslessAt !== undefined) {
      try {
        return await this.mergeStatus(name, entries, statuslessAt);
      } catch (err) {
        if (!(err instanceof KubeApiError) || err.status !== 409) throw err;
      }
    }
    const ops = entries.map(([key, value]) => ({
      op: 'add',
      path: `/status/${key}`,
      value: stripUndefined(value),
    }));
    try {
      await this.connection.request({
        method: 'PATCH',
        path: this.path(name, '/status'),
        body: ops,
        contentType: JSON_PATCH,
        target: this.target(name),
      });
    } catch (err) {
      if (!(err instanceof KubeApiError) || err.status !== 422) throw err;
      await this.mergeStatus(name, entries);
    }
  }

  /** Creates the status by a merge patch, guarded by `resourceVersion` when given (409 if it moved on). */
  private async mergeStatus(
    name: string,
    entries: [string, unknown][],
    resourceVersion?: string,
  ): Promise<void> {
    await this.connection.request({
      method: 'PATCH',
      path: this.path(name, '/status'),
      body: {
        ...(resourceVersion === undefined ? {} : { metadata: { resourceVersion } }),
        status: stripUndefined(Object.fromEntries(entries)),
      },
      contentType: MERGE_PATCH,
      target: this.target(name),
    });
  }

  private target(name: string): string {
    return `Application/${this.namespace}/${name}`;
  }

  /** Merge-patches the object itself (operation, metadata). */
  async patch(name: string, patch: Record<string, unknown>): Promise<void> {
    await this.connection.request({
      method: 'PATCH',
      path: this.path(name),
      body: patch,
      contentType: MERGE_PATCH,
      target: this.target(name),
    });
  }

  /**
   * Removes the requested operation the controller has just finished, unless
   * the object moved on to another generation: once the final state is
   * written, a user may request the next operation before this clear lands,
   * and that request must not be wiped (a JSON patch `test` makes it atomic).
   */
  async clearOperation(name: string, generation: number): Promise<void> {
    try {
      await this.connection.request({
        method: 'PATCH',
        path: this.path(name),
        body: [
          { op: 'test', path: '/metadata/generation', value: generation },
          { op: 'remove', path: '/operation' },
        ],
        contentType: JSON_PATCH,
        target: this.target(name),
      });
    } catch (err) {
      // A failed test (a newer request) or an operation already gone: nothing to clear.
      if (err instanceof KubeApiError && (err.status === 409 || err.status === 422)) return;
      throw err;
    }
  }

  /** Replaces the finalizer list, guarded by resourceVersion so a concurrent edit is not lost. */
  async setFinalizers(
    name: string,
    finalizers: readonly string[],
    resourceVersion: string,
  ): Promise<void> {
    await this.patch(name, { metadata: { finalizers, resourceVersion } });
  }
}
