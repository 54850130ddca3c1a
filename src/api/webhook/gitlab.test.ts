import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhook, type WebhookOptions, type WebhookRequest } from './index.js';

const payload = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url));

const SECRET = 's3cret-webhook-value';
const options: WebhookOptions = {
  secrets: { github: SECRET, gitlab: SECRET, bitbucket: SECRET, gitea: SECRET },
  maxBodyBytes: 1024 * 1024,
};

describe('parseWebhook: GitLab', () => {
  const request = (name: string, token = SECRET, event = 'Push Hook'): WebhookRequest => ({
    headers: {
      'X-Gitlab-Event': event,
      'X-Gitlab-Token': token,
      'Content-Type': 'application/json',
    },
    body: payload(name),
  });

  it('parses a push authenticated by its token', () => {
    expect(parseWebhook(request('gitlab-push.json'), options)).toEqual({
      kind: 'push',
      provider: 'gitlab',
      pushes: [
        {
          provider: 'gitlab',
          repoURLs: [
            'https://gitlab.example.com/infra/platform-config',
            'https://gitlab.example.com/infra/platform-config.git',
            'git@gitlab.example.com:infra/platform-config.git',
          ],
          ref: 'refs/heads/release',
          branch: 'release',
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          deleted: false,
          defaultBranch: 'main',
          changedFiles: ['addons/ingress-nginx/values.yaml'],
        },
      ],
    });
  });

  it('parses a tag push', () => {
    const result = parseWebhook(request('gitlab-tag-push.json', SECRET, 'Tag Push Hook'), options);
    expect(result).toMatchObject({
      kind: 'push',
      pushes: [{ tag: '2.3.1', ref: 'refs/tags/2.3.1' }],
    });
  });

  it('does not claim to know the changed files when GitLab truncated the commit list', () => {
    const full = JSON.parse(payload('gitlab-push.json').toString()) as Record<string, unknown>;
    const body = Buffer.from(JSON.stringify({ ...full, total_commits_count: 45 }));
    const result = parseWebhook({ ...request('gitlab-push.json'), body }, options);
    expect(result.kind === 'push' && result.pushes[0]?.changedFiles).toBeUndefined();
  });

  it('refuses a wrong token', () => {
    expect(() => parseWebhook(request('gitlab-push.json', 'guess'), options)).toThrow(
      'GitLab webhook: X-Gitlab-Token does not match the configured webhook secret',
    );
  });

  it('ignores other GitLab events', () => {
    expect(
      parseWebhook(request('gitlab-push.json', SECRET, 'Merge Request Hook'), options),
    ).toMatchObject({
      kind: 'ignored',
      provider: 'gitlab',
      reason: 'GitLab event "Merge Request Hook" is not a push',
    });
  });
});
