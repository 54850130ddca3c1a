import { describe, expect, it } from 'vitest';
import { kubeErrorMessage, statusCodeOf } from './kube-errors.js';

// The shapes the two clients fail with, written out (neither is imported here).
const officialClientError = Object.assign(new Error('HTTP-Code: 409 Message: ... headers ...'), {
  code: 409,
  body: JSON.stringify({ kind: 'Status', message: 'appprojects "default" already exists' }),
});
const keelsonError = Object.assign(
  new Error('AppProject/keelson/default: create failed: forbidden'),
  { status: 403, reason: 'Forbidden', apiMessage: 'appprojects is forbidden: no access' },
);

describe('reading Kubernetes API errors', () => {
  it('finds the HTTP status in either client error', () => {
    expect(statusCodeOf(officialClientError)).toBe(409);
    expect(statusCodeOf(keelsonError)).toBe(403);
  });

  it('does not mistake an error without an API answer for one', () => {
    expect(statusCodeOf(new Error('ECONNREFUSED'))).toBeUndefined();
    // An object that merely has a `status` (a response, a Pod) is not an API error.
    expect(statusCodeOf({ status: 500 })).toBeUndefined();
    expect(statusCodeOf(undefined)).toBeUndefined();
  });

  it("gives the API server's own message rather than the client's dump", () => {
    expect(kubeErrorMessage(officialClientError)).toBe('appprojects "default" already exists');
    expect(kubeErrorMessage(keelsonError)).toBe('appprojects is forbidden: no access');
    expect(kubeErrorMessage(new Error('socket hang up'))).toBe('socket hang up');
  });
});
