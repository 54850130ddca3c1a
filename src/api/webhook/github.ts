import { WebhookSignatureError } from './errors.js';
import { parseGitHubStylePush } from './github-style-push.js';
import type { ProviderSpec } from './provider.js';
import { header } from './request.js';
import { isValidHmacSha256 } from './signature.js';

const SIGNATURE = 'X-Hub-Signature-256';

/**
 * GitHub: `X-GitHub-Event: push`, signed with `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the body>`. A push lists at most 2048 commits.
 */
export const github: ProviderSpec = {
  provider: 'github',
  eventHeader: 'X-GitHub-Event',
  ignoredReason(event) {
    if (event === 'push') return undefined;
    if (event === 'ping') return 'GitHub ping: the webhook is set up';
    return `GitHub event "${event}" is not a push`;
  },
  verify(request, body, secret) {
    const given = header(request, SIGNATURE);
    if (!given)
      throw new WebhookSignatureError(
        'github',
        `missing ${SIGNATURE} header (a webhook secret is configured)`,
      );
    if (!isValidHmacSha256(body, secret, given, 'sha256='))
      throw new WebhookSignatureError(
        'github',
        `${SIGNATURE} does not match the configured webhook secret`,
      );
  },
  parse(payload) {
    return [parseGitHubStylePush('github', payload, { maxCommits: 2048 })];
  },
};
