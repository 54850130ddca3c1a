import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhook, WebhookSignatureError, type WebhookOptions } from './index.js';

const payload = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const hmac = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex');

const SECRET = 's3cret-webhook-value';
const options: WebhookOptions = {
  secrets: { github: SECRET, gitlab: SECRET, bitbucket: SECRET, gitea: SECRET },
  maxBodyBytes: 1024 * 1024,
};

describe('parseWebhook: Bitbucket Cloud', () => {
  const body = payload('bitbucket-push.json');
  const headers = {
    'X-Event-Key': 'repo:push',
    'X-Hook-UUID': '2b2a7c3e-8f4d-4a1b-9c6e-5d4f3a2b1c0d',
    'X-Request-UUID': '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    'User-Agent': 'Bitbucket-Webhooks/2.0',
    'Content-Type': 'application/json',
  };

  it('turns each change of a push into its own push event', () => {
    const result = parseWebhook(
      { headers: { ...headers, 'X-Hub-Signature': `sha256=${hmac(SECRET, body)}` }, body },
      options,
    );
    const repoURLs = [
      'https://bitbucket.org/acme-team/shop-config',
      'https://bitbucket.org/acme-team/shop-config.git',
      'git@bitbucket.org:acme-team/shop-config.git',
    ];
    expect(result).toEqual({
      kind: 'push',
      provider: 'bitbucket',
      pushes: [
        {
          provider: 'bitbucket',
          repoURLs,
          ref: 'refs/heads/main',
          branch: 'main',
          revision: 'c7e9a1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5',
          deleted: false,
        },
        {
          provider: 'bitbucket',
          repoURLs,
          ref: 'refs/tags/v2.0.0',
          tag: 'v2.0.0',
          revision: 'c7e9a1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5',
          deleted: false,
        },
        {
          provider: 'bitbucket',
          repoURLs,
          ref: 'refs/heads/feature/old-checkout',
          branch: 'feature/old-checkout',
          deleted: true,
        },
      ],
    });
  });

  it('accepts unsigned deliveries only when no Bitbucket secret is configured', () => {
    expect(() => parseWebhook({ headers, body }, options)).toThrow(WebhookSignatureError);
    expect(parseWebhook({ headers, body }, { ...options, secrets: {} })).toMatchObject({
      kind: 'push',
    });
  });

  it('says Bitbucket Data Center events are not supported', () => {
    expect(
      parseWebhook(
        { headers: { 'X-Event-Key': 'repo:refs_changed' }, body: '{}' },
        { ...options, secrets: {} },
      ),
    ).toEqual({
      kind: 'ignored',
      provider: 'bitbucket',
      reason: 'Bitbucket Data Center events are not supported',
    });
  });
});
