import { bitbucket } from './bitbucket.js';
import { WebhookPayloadError, WebhookTooLargeError } from './errors.js';
import { gitea } from './gitea.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import type { ProviderSpec } from './provider.js';
import { bodyBytes, bodyJsonText, header } from './request.js';
import type { WebhookOptions, WebhookRequest, WebhookResult } from './types.js';

// Gitea first: it also sends GitHub's event header for compatibility.
const PROVIDERS: readonly ProviderSpec[] = [gitea, github, gitlab, bitbucket];

/**
 * Turns a webhook delivery into the refs it moved, in this order:
 * 1. a body over `maxBodyBytes` → {@link WebhookTooLargeError} (413);
 * 2. the provider is recognised by its event header; none → ignored;
 * 3. when a secret is configured for that provider, the signature or token
 *    is checked over the raw body → {@link WebhookSignatureError} (401);
 * 4. events other than pushes (pings, issues, …) → ignored, with the reason;
 * 5. the JSON is parsed and read → {@link WebhookPayloadError} (400).
 * Nothing is parsed before the signature has been checked.
 */
export function parseWebhook(request: WebhookRequest, options: WebhookOptions): WebhookResult {
  const bytes = bodyBytes(request);
  if (bytes.length > options.maxBodyBytes)
    throw new WebhookTooLargeError(bytes.length, options.maxBodyBytes);
  const spec = PROVIDERS.find((p) => header(request, p.eventHeader) !== undefined);
  if (!spec)
    return {
      kind: 'ignored',
      reason: 'no GitHub, GitLab, Bitbucket or Gitea event header: not a supported webhook',
    };
  const { provider } = spec;
  const event = (header(request, spec.eventHeader) ?? '').trim();
  const secret = options.secrets[provider];
  if (secret) spec.verify(request, bytes, secret);
  const ignored = spec.ignoredReason(event);
  if (ignored !== undefined) return { kind: 'ignored', provider, reason: ignored };
  const text = bodyJsonText(request, bytes);
  if (text === undefined)
    throw new WebhookPayloadError(provider, 'form-encoded body has no "payload" field');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    throw new WebhookPayloadError(provider, 'body is not valid JSON', { cause: err });
  }
  return { kind: 'push', provider, pushes: spec.parse(payload, event) };
}
