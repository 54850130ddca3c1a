import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseWebhook,
  WebhookPayloadError,
  WebhookTooLargeError,
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

describe('parseWebhook: bad input', () => {
  it('refuses a body over the size limit before looking at it', () => {
    const error = (() => {
      try {
        parseWebhook(githubRequest(payload('github-push.json')), {
          ...options,
          maxBodyBytes: 1000,
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WebhookTooLargeError);
    expect(error).toMatchObject({ status: 413 });
    expect((error as Error).message).toMatch(
      /^webhook payload of \d+ bytes exceeds the limit of 1000 bytes$/,
    );
  });

  it('refuses a signed body that is not JSON, or not a push', () => {
    expect(() => parseWebhook(githubRequest(Buffer.from('{"ref": ')), options)).toThrow(
      new WebhookPayloadError('github', 'body is not valid JSON'),
    );
    expect(() => parseWebhook(githubRequest(Buffer.from('{"zen": "hi"}')), options)).toThrow(
      'GitHub webhook: push payload has no "ref"',
    );
    expect(() => parseWebhook(githubRequest(Buffer.from('[1, 2]')), options)).toThrow(
      WebhookPayloadError,
    );
  });

  it('ignores requests from no known provider', () => {
    expect(
      parseWebhook({ headers: { 'content-type': 'application/json' }, body: '{}' }, options),
    ).toEqual({
      kind: 'ignored',
      reason: 'no GitHub, GitLab, Bitbucket or Gitea event header: not a supported webhook',
    });
  });
});
