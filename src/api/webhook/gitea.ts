import { WebhookSignatureError } from './errors.js';
import { parseGitHubStylePush } from './github-style-push.js';
import { field } from './json-fields.js';
import type { ProviderSpec } from './provider.js';
import { header } from './request.js';
import { isValidHmacSha256 } from './signature.js';

const SIGNATURE = 'X-Gitea-Signature';

/**
 * Gitea (and Forgejo): `X-Gitea-Event: push`, signed with `X-Gitea-Signature:
 * <hex HMAC-SHA256 of the body>`. Gitea also sends GitHub's headers for
 * compatibility, so it must be recognised before GitHub. `total_commits`
 * tells whether the commit list is complete.
 */
export const gitea: ProviderSpec = {
  provider: 'gitea',
  eventHeader: 'X-Gitea-Event',
  ignoredReason(event) {
    return event === 'push' ? undefined : `Gitea event "${event}" is not a push`;
  },
  verify(request, body, secret) {
    const given = header(request, SIGNATURE);
    if (!given)
      throw new WebhookSignatureError(
        'gitea',
        `missing ${SIGNATURE} header (a webhook secret is configured)`,
      );
    if (!isValidHmacSha256(body, secret, given))
      throw new WebhookSignatureError(
        'gitea',
        `${SIGNATURE} does not match the configured webhook secret`,
      );
  },
  parse(payload) {
    const total = field(payload, 'total_commits');
    return [
      parseGitHubStylePush('gitea', payload, {
        maxCommits: Number.POSITIVE_INFINITY,
        ...(typeof total === 'number' ? { totalCommits: total } : {}),
      }),
    ];
  },
};
