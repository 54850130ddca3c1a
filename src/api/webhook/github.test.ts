import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseWebhook,
  WebhookSignatureError,
  type WebhookOptions,
  type WebhookRequest,
} from './index.js';

const payload = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const hmac = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex');

const SECRET = 's3cret-webhook-value';
const options: WebhookOptions = {
  secrets: { github: SECRET, gitlab: SECRET, bitbucket: SECRET, gitea: SECRET },
  maxBodyBytes: 1024 * 1024,
};

function githubRequest(body: Buffer, event = 'push', secret = SECRET): WebhookRequest {
  return {
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'x-hub-signature-256': `sha256=${hmac(secret, body)}`,
    },
    body,
  };
}

describe('parseWebhook: GitHub', () => {
  it('parses a signed push into repository URLs, ref, revision and changed files', () => {
    // GIVEN a push to main signed with the configured secret
    const result = parseWebhook(githubRequest(payload('github-push.json')), options);
    // THEN it is one push of main at the new commit, with every repository URL and changed file
    expect(result).toEqual({
      kind: 'push',
      provider: 'github',
      pushes: [
        {
          provider: 'github',
          repoURLs: [
            'https://github.com/Acme/deploy',
            'https://github.com/Acme/deploy.git',
            'git@github.com:Acme/deploy.git',
          ],
          ref: 'refs/heads/main',
          branch: 'main',
          revision: '3f2a9d8c7b6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
          deleted: false,
          defaultBranch: 'main',
          changedFiles: [
            'apps/shop/web/deployment.yaml',
            'apps/shop/redis/configmap.yaml',
            'apps/shop/cron/cronjob.yaml',
          ],
        },
      ],
    });
  });

  it('parses a new tag without claiming to know the changed files', () => {
    const result = parseWebhook(githubRequest(payload('github-tag-push.json')), options);
    expect(result.kind === 'push' && result.pushes[0]).toMatchObject({
      ref: 'refs/tags/v1.4.0',
      tag: 'v1.4.0',
      revision: '7d1c3e5a7b9d1f3e5a7c9b1d3f5e7a9c1b3d5f7e',
      deleted: false,
    });
    expect(result.kind === 'push' && result.pushes[0]?.changedFiles).toBeUndefined();
  });

  it('marks a deleted branch and gives no revision', () => {
    const body = Buffer.from(
      JSON.stringify({
        ...JSON.parse(payload('github-push.json').toString()),
        after: '0000000000000000000000000000000000000000',
        deleted: true,
        commits: [],
      }),
    );
    const result = parseWebhook(githubRequest(body), options);
    expect(result.kind === 'push' && result.pushes[0]).toMatchObject({ deleted: true });
    expect(result.kind === 'push' && result.pushes[0]?.revision).toBeUndefined();
  });

  it('accepts the form-encoded delivery GitHub can be configured to send', () => {
    const form = `payload=${encodeURIComponent(payload('github-push.json').toString())}`;
    const request = githubRequest(Buffer.from(form));
    const result = parseWebhook(
      {
        ...request,
        headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded' },
      },
      options,
    );
    expect(result).toMatchObject({ kind: 'push', pushes: [{ ref: 'refs/heads/main' }] });
  });

  it('ignores a ping with a reason once its signature checks out', () => {
    expect(parseWebhook(githubRequest(payload('github-ping.json'), 'ping'), options)).toEqual({
      kind: 'ignored',
      provider: 'github',
      reason: 'GitHub ping: the webhook is set up',
    });
    expect(parseWebhook(githubRequest(Buffer.from('{}'), 'issues'), options)).toMatchObject({
      kind: 'ignored',
      reason: 'GitHub event "issues" is not a push',
    });
  });

  it('refuses a delivery signed with another secret, without echoing either', () => {
    const request = githubRequest(payload('github-push.json'), 'push', 'the-wrong-secret');
    const error = (() => {
      try {
        parseWebhook(request, options);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toBe(
      'GitHub webhook: X-Hub-Signature-256 does not match the configured webhook secret',
    );
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain(String(request.headers['x-hub-signature-256']));
  });

  it('refuses a tampered body', () => {
    const request = githubRequest(payload('github-push.json'));
    const tampered = Buffer.from(payload('github-push.json').toString().replace('main', 'prod'));
    expect(() => parseWebhook({ ...request, body: tampered }, options)).toThrow(
      WebhookSignatureError,
    );
  });

  it('refuses an unsigned delivery when a secret is configured, even for events it would ignore', () => {
    const body = payload('github-ping.json');
    const request = { headers: { 'X-GitHub-Event': 'ping' }, body };
    expect(() => parseWebhook(request, options)).toThrow(
      'GitHub webhook: missing X-Hub-Signature-256 header (a webhook secret is configured)',
    );
  });

  it('accepts an unsigned delivery when no secret is configured for the provider', () => {
    const request = { headers: { 'X-GitHub-Event': 'push' }, body: payload('github-push.json') };
    expect(parseWebhook(request, { ...options, secrets: { gitlab: SECRET } })).toMatchObject({
      kind: 'push',
    });
  });
});
