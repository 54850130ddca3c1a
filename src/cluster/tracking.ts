import { createHash } from 'node:crypto';
import {
  KeelsonError,
  TRACKING_ID_ANNOTATION,
  TRACKING_LABEL,
  resourceKeyOf,
  type KubeObject,
  type ResourceKey,
} from '../core/index.js';

/**
 * The tracking marker: which application an object belongs to. Written on
 * every object Keelson applies as the annotation `keelson.dev/tracking-id`
 * = `<app>:<group>/<kind>:<namespace>/<name>` (the object's own identity, so
 * a copy of the object — same annotation, other name — is not mistaken for
 * the application's), plus the label `keelson.dev/app` for selecting
 * efficiently. The annotation decides; the label only narrows watches.
 */
export interface TrackingId extends ResourceKey {
  readonly app: string;
}

/** Application names: no colon (the separator), no whitespace, at most 253 characters. */
const APP_NAME = /^[^\s:]{1,253}$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const TRACKING_ID = /^([^:]+):([^/:]*)\/([^/:]+):([^/:]*)\/([^/:]+)$/;

/** The application name cannot be written into a tracking marker. */
export class InvalidAppNameError extends KeelsonError {
  constructor(readonly app: string) {
    super(
      `application name ${JSON.stringify(app)} is invalid: use 1-253 characters without ':' or spaces`,
    );
  }
}

export function assertValidAppName(app: string): void {
  if (!APP_NAME.test(app)) throw new InvalidAppNameError(app);
}

export function formatTrackingId(app: string, key: ResourceKey): string {
  return `${app}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

export function parseTrackingId(value: string | undefined): TrackingId | undefined {
  const m = value === undefined ? null : TRACKING_ID.exec(value.trim());
  if (!m) return undefined;
  const [, app = '', group = '', kind = '', namespace = '', name = ''] = m;
  return { app, group, kind, namespace, name };
}

/**
 * The value of the `keelson.dev/app` label for an application: the name
 * itself when it is a valid label value, otherwise a readable prefix and a
 * hash (label values are limited to 63 characters).
 */
export function trackingLabelValue(app: string): string {
  if (LABEL_VALUE.test(app)) return app;
  const hash = createHash('sha256').update(app).digest('hex').slice(0, 10);
  const prefix = app
    .replace(/[^-A-Za-z0-9_.]/g, '-')
    .slice(0, 50)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return prefix ? `${prefix}-${hash}` : hash;
}

/**
 * The application that tracks `obj`: the app named by its tracking
 * annotation, provided the annotation names this very object. `undefined`
 * for unmarked objects and for copies of another object.
 */
export function trackingOwner(obj: KubeObject | undefined): string | undefined {
  if (!obj) return undefined;
  const id = parseTrackingId(obj.metadata.annotations?.[TRACKING_ID_ANNOTATION]);
  if (!id) return undefined;
  const key = resourceKeyOf(obj);
  const same =
    id.group === key.group &&
    id.kind === key.kind &&
    id.name === key.name &&
    // Cluster-scoped objects are written with an empty namespace.
    id.namespace === key.namespace;
  return same ? id.app : undefined;
}

/** True when `obj` carries `app`'s tracking marker. */
export function isTrackedBy(obj: KubeObject | undefined, app: string): boolean {
  return trackingOwner(obj) === app;
}

/** A copy of `obj` with `app`'s tracking annotation and label. */
export function withTrackingMarker(obj: KubeObject, app: string): KubeObject {
  const key = resourceKeyOf(obj);
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...obj.metadata.labels, [TRACKING_LABEL]: trackingLabelValue(app) },
      annotations: {
        ...obj.metadata.annotations,
        [TRACKING_ID_ANNOTATION]: formatTrackingId(app, key),
      },
    },
  };
}
