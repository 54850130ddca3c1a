import pLimit from 'p-limit';
import {
  TRACKING_LABEL,
  formatResourceKey,
  resourceKeyOf,
  type KubeObject,
} from '../core/index.js';
import type { ClusterConnection } from './connection.js';
import { listObjects } from './get.js';
import { leanObject } from './lean.js';
import { isWatchableResource } from './live-state-cache.js';
import { trackingLabelValue, trackingOwner } from './tracking.js';

/**
 * Lists, once, every object `app` owns (selected by the tracking label,
 * confirmed by the tracking annotation), lean and sorted by key. For one-off
 * callers (CLI, tests); long-running ones use a `LiveStateCache`.
 */
export async function listTrackedObjects(
  connection: ClusterConnection,
  app: string,
): Promise<KubeObject[]> {
  const resources = (await connection.discovery.preferredResources()).filter(isWatchableResource);
  const limit = pLimit(8);
  const selector = `${TRACKING_LABEL}=${trackingLabelValue(app)}`;
  const lists = await Promise.all(
    resources.map((r) => limit(() => listObjects(connection, r, { labelSelector: selector }))),
  );
  return lists
    .flatMap((l) => l.items)
    .filter((o) => trackingOwner(o) === app)
    .map(leanObject)
    .sort((a, b) =>
      formatResourceKey(resourceKeyOf(a)).localeCompare(formatResourceKey(resourceKeyOf(b))),
    );
}
