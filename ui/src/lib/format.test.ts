import { describe, expect, it } from 'vitest';
import {
  destinationLabel,
  formatDuration,
  resourceLabel,
  shortRevision,
  timeAgo,
} from './format.js';

describe('display helpers', () => {
  it('shortens commit SHAs only', () => {
    expect(shortRevision('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
    expect(shortRevision('v1.2.3')).toBe('v1.2.3');
    expect(shortRevision(undefined)).toBe('');
  });

  it('says how long ago', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(timeAgo('2025-01-01T11:59:55Z', now)).toBe('just now');
    expect(timeAgo('2025-01-01T11:59:00Z', now)).toBe('1 min ago');
    expect(timeAgo('2025-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2024-12-25T12:00:00Z', now)).toBe('7 d ago');
    expect(timeAgo('not a date', now)).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration('2025-01-01T12:00:00Z', '2025-01-01T12:00:12Z')).toBe('12 s');
    expect(formatDuration('2025-01-01T12:00:00Z', '2025-01-01T12:03:04Z')).toBe('3 min 4 s');
  });

  it('names destinations and resources', () => {
    expect(destinationLabel({ server: 'https://k', namespace: 'shop' })).toBe('https://k/shop');
    expect(destinationLabel({ name: 'prod' })).toBe('prod');
    expect(resourceLabel({ kind: 'Deployment', namespace: 'shop', name: 'web' })).toBe(
      'Deployment/shop/web',
    );
    expect(resourceLabel({ kind: 'Namespace', namespace: '', name: 'shop' })).toBe(
      'Namespace/shop',
    );
  });
});
