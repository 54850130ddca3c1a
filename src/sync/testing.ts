import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { withTrackingMarker } from '../cluster/index.js';
import { isKubeObject, type KubeObject } from '../core/index.js';
import {
  compareResource,
  comparisonStatus,
  reconcile,
  type ComparisonResult,
} from '../diff/index.js';

/**
 * Test helpers for the sync engine's pure parts: YAML fixtures and an
 * offline comparison (structural, no cluster), enough to drive `planSync`.
 */

/** Every object in a multi-document YAML file next to this module's `testdata/`. */
export function loadObjects(file: string): KubeObject[] {
  const text = readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter(isKubeObject);
}

/** Compares without a cluster: the structural prediction stands in for the dry run. */
export function compareOffline(
  desired: readonly KubeObject[],
  live: readonly KubeObject[],
  app: string,
): ComparisonResult {
  const resources = reconcile(desired, live).pairs.map((p) =>
    compareResource({
      key: p.key,
      target: p.target && withTrackingMarker(p.target, app),
      live: p.live,
    }),
  );
  return { status: comparisonStatus(resources), resources };
}
