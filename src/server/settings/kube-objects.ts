import {
  isAlreadyExists,
  isConflict,
  isNotFound,
  type ClusterConnection,
} from '../../cluster/index.js';
import { isRecord } from '../../core/index.js';

/** Name of the ConfigMap holding the server's settings (external URL, SSO, local accounts). */
export const SETTINGS_CONFIG_MAP = 'keelson-cm';
/** Name of the Secret holding password hashes, the signing key, API tokens and webhook secrets. */
export const SETTINGS_SECRET = 'keelson-secret';

/** A ConfigMap's or Secret's string data (Secret values decoded), and the version it was read at. */
export interface KeyValueObject {
  readonly data: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly resourceVersion?: string;
}

const EMPTY: KeyValueObject = { data: {}, annotations: {} };

function path(namespace: string, kind: 'configmaps' | 'secrets', name?: string): string {
  return `/api/v1/namespaces/${namespace}/${kind}${name ? `/${name}` : ''}`;
}

function stringMap(value: unknown, decode: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value))
    if (typeof v === 'string') out[k] = decode ? Buffer.from(v, 'base64').toString('utf8') : v;
  return out;
}

function parseObject(raw: unknown, decode: boolean): KeyValueObject {
  const meta = isRecord(raw) && isRecord(raw.metadata) ? raw.metadata : {};
  return {
    data: stringMap(isRecord(raw) ? raw.data : undefined, decode),
    annotations: stringMap(meta.annotations, false),
    ...(typeof meta.resourceVersion === 'string' ? { resourceVersion: meta.resourceVersion } : {}),
  };
}

/** Reads a ConfigMap; a missing one reads as empty. */
export async function readConfigMap(
  connection: ClusterConnection,
  namespace: string,
  name: string,
): Promise<KeyValueObject> {
  return readObject(connection, namespace, 'configmaps', name);
}

/** Reads a Secret with its values decoded; a missing one reads as empty (no resourceVersion). */
export async function readSecret(
  connection: ClusterConnection,
  namespace: string,
  name: string,
): Promise<KeyValueObject> {
  return readObject(connection, namespace, 'secrets', name);
}

async function readObject(
  connection: ClusterConnection,
  namespace: string,
  kind: 'configmaps' | 'secrets',
  name: string,
): Promise<KeyValueObject> {
  try {
    const raw = await connection.request({
      method: 'GET',
      path: path(namespace, kind, name),
      target: `${kind === 'secrets' ? 'Secret' : 'ConfigMap'}/${namespace}/${name}`,
      verb: 'get',
    });
    return parseObject(raw, kind === 'secrets');
  } catch (err) {
    if (isNotFound(err)) return EMPTY;
    throw err;
  }
}

/** What a change to a Secret sets (`null` removes a key). */
export interface SecretChange {
  readonly data?: Readonly<Record<string, string | null>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Read-modify-write of a Secret: `change` sees the current values and returns
 * what to set, or `undefined` to leave it alone. The write carries the
 * resourceVersion read, so a concurrent writer (another replica, kubectl)
 * makes it fail with a conflict, and it is retried on fresh data. Creates
 * the Secret when it does not exist.
 */
export async function updateSecret(
  connection: ClusterConnection,
  namespace: string,
  name: string,
  change: (current: KeyValueObject) => SecretChange | undefined,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await readSecret(connection, namespace, name);
    const wanted = change(current);
    if (!wanted) return;
    try {
      await writeSecret(connection, namespace, name, current, wanted);
      return;
    } catch (err) {
      if (attempt < 5 && (isConflict(err) || isAlreadyExists(err))) continue;
      throw err;
    }
  }
}

async function writeSecret(
  connection: ClusterConnection,
  namespace: string,
  name: string,
  current: KeyValueObject,
  change: SecretChange,
): Promise<void> {
  const data: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(change.data ?? {}))
    data[k] = v === null ? null : Buffer.from(v, 'utf8').toString('base64');
  const target = `Secret/${namespace}/${name}`;
  if (current.resourceVersion === undefined) {
    const created = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null));
    await connection.request({
      method: 'POST',
      path: path(namespace, 'secrets'),
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name,
          namespace,
          labels: { 'app.kubernetes.io/part-of': 'keelson' },
          ...(change.annotations ? { annotations: change.annotations } : {}),
        },
        type: 'Opaque',
        data: created,
      },
      target,
      verb: 'create',
    });
    return;
  }
  await connection.request({
    method: 'PATCH',
    path: path(namespace, 'secrets', name),
    contentType: 'application/merge-patch+json',
    body: {
      metadata: {
        resourceVersion: current.resourceVersion,
        ...(change.annotations ? { annotations: change.annotations } : {}),
      },
      data,
    },
    target,
    verb: 'update',
  });
}
