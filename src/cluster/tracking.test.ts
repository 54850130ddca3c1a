import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.js';
import {
  formatTrackingId,
  parseTrackingId,
  trackingLabelValue,
  trackingOwner,
  withTrackingMarker,
} from './tracking.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
};

describe('tracking marker', () => {
  it('formats and parses tracking ids, cluster-scoped objects with an empty namespace', () => {
    const key = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };
    expect(formatTrackingId('guestbook', key)).toBe('guestbook:apps/Deployment:shop/web');
    expect(parseTrackingId('guestbook:apps/Deployment:shop/web')).toEqual({
      app: 'guestbook',
      ...key,
    });
    expect(parseTrackingId('guestbook:/Namespace:/shop')).toEqual({
      app: 'guestbook',
      group: '',
      kind: 'Namespace',
      namespace: '',
      name: 'shop',
    });
    expect(parseTrackingId('not a tracking id')).toBeUndefined();
  });

  it('marks objects with the annotation and the label, without touching the rest', () => {
    const marked = withTrackingMarker(
      { ...deployment, metadata: { ...deployment.metadata, labels: { tier: 'web' } } },
      'guestbook',
    );
    expect(marked.metadata.labels).toEqual({ tier: 'web', 'keelson.dev/app': 'guestbook' });
    expect(marked.metadata.annotations).toEqual({
      'keelson.dev/tracking-id': 'guestbook:apps/Deployment:shop/web',
    });
    expect(trackingOwner(marked)).toBe('guestbook');
  });

  it("does not mistake a copied object for the application's", () => {
    // GIVEN an object copied from a tracked one, annotation included, under another name
    const marked = withTrackingMarker(deployment, 'guestbook');
    const copy = { ...marked, metadata: { ...marked.metadata, name: 'web-copy' } };
    // THEN nobody owns the copy
    expect(trackingOwner(copy)).toBeUndefined();
    expect(trackingOwner(deployment)).toBeUndefined();
  });

  it('uses the app name as label value when it is valid, a readable hash otherwise', () => {
    expect(trackingLabelValue('guestbook')).toBe('guestbook');
    const long = trackingLabelValue(`team/${'x'.repeat(80)}`);
    expect(long).toMatch(/^team-x+-[0-9a-f]{10}$/);
    expect(long.length).toBeLessThanOrEqual(63);
  });
});
