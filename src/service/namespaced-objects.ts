import { GROUP, VERSION } from '../apis/index.js';
import {
  FIELD_MANAGER,
  listObjects,
  type ApiResource,
  type ClusterConnection,
} from '../cluster/index.js';
import { isKubeObject, type KubeObject } from '../core/index.js';
import { BackendError, NotFoundError } from './errors.js';
import { mapKubeErrors } from './kube-errors.js';

const resource = (group: string, version: string, kind: string, plural: string): ApiResource => ({
  group,
  version,
  kind,
  resource: plural,
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  preferred: true,
});

export const APPLICATIONS = resource(GROUP, VERSION, 'Application', 'applications');
export const APP_PROJECTS = resource(GROUP, VERSION, 'AppProject', 'appprojects');
export const SECRETS = resource('', 'v1', 'Secret', 'secrets');
export const EVENTS = resource('', 'v1', 'Event', 'events');

const MERGE_PATCH = 'application/merge-patch+json';

/**
 * Reads and writes one kind of object in one namespace (Applications,
 * AppProjects, credential Secrets), with every failure mapped to the
 * BackendError family and naming the object (`Application "web" not found`).
 */
export class NamespacedObjects {
  constructor(
    private readonly connection: ClusterConnection,
    readonly resource: ApiResource,
    readonly namespace: string,
  ) {}

  private path(name?: string, subresource = ''): string {
    const base = this.resource.group
      ? `/apis/${this.resource.group}/${this.resource.version}`
      : `/api/${this.resource.version}`;
    const collection = `${base}/namespaces/${encodeURIComponent(this.namespace)}/${this.resource.resource}`;
    return name === undefined
      ? collection
      : `${collection}/${encodeURIComponent(name)}${subresource}`;
  }

  private run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return mapKubeErrors(fn, { kind: this.resource.kind, name }, this.connection.server);
  }

  private asObject(body: unknown, name: string): KubeObject {
    if (!isKubeObject(body))
      throw new BackendError(
        `${this.resource.kind} "${name}": the API server answered without an object`,
        502,
      );
    return { ...body, apiVersion: body.apiVersion, kind: body.kind };
  }

  /** Throws {@link NotFoundError}. */
  async get(name: string): Promise<KubeObject> {
    return this.run(name, async () =>
      this.asObject(
        await this.connection.request({ method: 'GET', path: this.path(name), verb: 'get' }),
        name,
      ),
    );
  }

  /** `undefined` when it does not exist. */
  async find(name: string): Promise<KubeObject | undefined> {
    try {
      return await this.get(name);
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async list(labelSelector?: string): Promise<KubeObject[]> {
    // A 404 here means the kind is not installed (no CRDs): say so as Kubernetes does.
    return mapKubeErrors(
      async () => {
        const { items } = await listObjects(this.connection, this.resource, {
          namespace: this.namespace,
          labelSelector,
        });
        return items;
      },
      undefined,
      this.connection.server,
    );
  }

  /** Throws {@link AlreadyExistsError} when the name is taken. */
  async create(obj: KubeObject): Promise<KubeObject> {
    const name = obj.metadata.name ?? '';
    return this.run(name, async () =>
      this.asObject(
        await this.connection.request({
          method: 'POST',
          path: this.path(),
          query: { fieldManager: FIELD_MANAGER },
          body: { ...obj, metadata: { ...obj.metadata, namespace: this.namespace } },
          verb: 'create',
        }),
        name,
      ),
    );
  }

  /** PUT; `obj.metadata.resourceVersion` makes it conditional (409 → ConflictError). */
  async replace(obj: KubeObject): Promise<KubeObject> {
    const name = obj.metadata.name ?? '';
    return this.run(name, async () =>
      this.asObject(
        await this.connection.request({
          method: 'PUT',
          path: this.path(name),
          query: { fieldManager: FIELD_MANAGER },
          body: { ...obj, metadata: { ...obj.metadata, namespace: this.namespace } },
          verb: 'replace',
        }),
        name,
      ),
    );
  }

  /** JSON merge patch of the object or a subresource (`/status`). */
  async mergePatch(
    name: string,
    patch: Record<string, unknown>,
    subresource = '',
  ): Promise<KubeObject> {
    return this.run(name, async () =>
      this.asObject(
        await this.connection.request({
          method: 'PATCH',
          path: this.path(name, subresource),
          query: { fieldManager: FIELD_MANAGER },
          body: patch,
          contentType: MERGE_PATCH,
          verb: 'patch',
        }),
        name,
      ),
    );
  }

  /** Throws {@link NotFoundError} when there was nothing to delete. */
  async delete(name: string): Promise<void> {
    await this.run(name, () =>
      this.connection.request({ method: 'DELETE', path: this.path(name), verb: 'delete' }),
    );
  }
}
