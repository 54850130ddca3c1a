import { describe, expect, it } from 'vitest';
import { isTransientGitFailure } from './git-run.js';

describe('sorting git failures', () => {
  it('treats network trouble as transient and authentication or missing repositories as terminal', () => {
    expect(
      isTransientGitFailure("fatal: unable to access 'https://x/': Could not resolve host: x"),
    ).toBe(true);
    expect(
      isTransientGitFailure(
        'error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502',
      ),
    ).toBe(true);
    expect(isTransientGitFailure("fatal: Authentication failed for 'https://x/'")).toBe(false);
    expect(
      isTransientGitFailure(
        'Host key verification failed.\nfatal: Could not read from remote repository.',
      ),
    ).toBe(false);
    expect(isTransientGitFailure('remote: Repository not found.')).toBe(false);
  });
});
