import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhook, type WebhookOptions } from './index.js';

const payload = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));
const hmac = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex');

const SECRET = 's3cret-webhook-value';
const options: WebhookOptions = {
  secrets: { github: SECRET, gitlab: SECRET, bitbucket: SECRET, gitea: SECRET },
  maxBodyBytes: 1024 * 1024,
};

describe('parseWebhook: Gitea', () => {
  const body = payload('gitea-push.json');
  // Gitea sends GitHub's and Gogs' headers too; it must still be read as Gitea.
  const headers = {
    'X-Gitea-Event': 'push',
    'X-Gitea-Delivery': 'f6266f16-1bf3-46a5-9ea4-602e06ead473',
    'X-Gogs-Event': 'push',
    'X-GitHub-Event': 'push',
    'X-Gitea-Signature': hmac(SECRET, body),
    'X-Gogs-Signature': hmac(SECRET, body),
  };

  it('parses a push signed with X-Gitea-Signature', () => {
    expect(parseWebhook({ headers, body }, options)).toEqual({
      kind: 'push',
      provider: 'gitea',
      pushes: [
        {
          provider: 'gitea',
          repoURLs: [
            'https://git.example.org/ops/edge-config',
            'https://git.example.org/ops/edge-config.git',
            'ssh://git@git.example.org:2222/ops/edge-config.git',
          ],
          ref: 'refs/heads/main',
          branch: 'main',
          revision: '6e8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a',
          deleted: false,
          defaultBranch: 'main',
          changedFiles: ['routes/canary.yaml', 'kustomization.yaml'],
        },
      ],
    });
  });

  it('refuses a bad signature', () => {
    expect(() =>
      parseWebhook(
        { headers: { ...headers, 'X-Gitea-Signature': hmac('other', body) }, body },
        options,
      ),
    ).toThrow('Gitea webhook: X-Gitea-Signature does not match the configured webhook secret');
  });
});
