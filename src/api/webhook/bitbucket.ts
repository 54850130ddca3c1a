import { WebhookPayloadError, WebhookSignatureError } from './errors.js';
import { field, list, str } from './json-fields.js';
import type { ProviderSpec } from './provider.js';
import { uniq } from './refs.js';
import { header } from './request.js';
import { isValidHmacSha256 } from './signature.js';
import type { PushEvent } from './types.js';

const SIGNATURE = 'X-Hub-Signature';

/**
 * Bitbucket Cloud: `X-Event-Key: repo:push`, signed (when the webhook has a
 * secret) with `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>`. One
 * push may move several refs (`push.changes[]`); each becomes a
 * {@link PushEvent}. The payload carries only the web URL, so the clone URLs
 * are derived from it; it names neither the default branch nor changed files.
 */
export const bitbucket: ProviderSpec = {
  provider: 'bitbucket',
  eventHeader: 'X-Event-Key',
  ignoredReason(event) {
    if (event === 'repo:push') return undefined;
    if (event === 'repo:refs_changed') return 'Bitbucket Data Center events are not supported';
    return `Bitbucket event "${event}" is not a push`;
  },
  verify(request, body, secret) {
    const given = header(request, SIGNATURE);
    if (!given)
      throw new WebhookSignatureError(
        'bitbucket',
        `missing ${SIGNATURE} header (a webhook secret is configured)`,
      );
    if (!isValidHmacSha256(body, secret, given, 'sha256='))
      throw new WebhookSignatureError(
        'bitbucket',
        `${SIGNATURE} does not match the configured webhook secret`,
      );
  },
  parse(payload) {
    const html = str(payload, 'repository', 'links', 'html', 'href');
    if (!html)
      throw new WebhookPayloadError('bitbucket', 'push payload has no repository.links.html.href');
    const repoURLs = cloneUrls(html);
    const defaultBranch = str(payload, 'repository', 'mainbranch', 'name');
    const changes = list(payload, 'push', 'changes');
    if (changes.length === 0)
      throw new WebhookPayloadError('bitbucket', 'push payload has no push.changes');
    return changes.map((change, i): PushEvent => {
      const now = field(change, 'new');
      const side = now ?? field(change, 'old');
      const name = str(side, 'name');
      const type = str(side, 'type');
      if (!name || !type)
        throw new WebhookPayloadError('bitbucket', `push.changes[${i}] names no branch or tag`);
      const isTag = type === 'tag' || type === 'annotated_tag';
      const revision = str(now, 'target', 'hash');
      return {
        provider: 'bitbucket',
        repoURLs,
        ref: isTag ? `refs/tags/${name}` : `refs/heads/${name}`,
        ...(isTag ? { tag: name } : { branch: name }),
        ...(revision ? { revision } : {}),
        deleted: now === null || now === undefined,
        ...(defaultBranch ? { defaultBranch } : {}),
      };
    });
  },
};

function cloneUrls(html: string): string[] {
  const url = URL.canParse(html) ? new URL(html) : undefined;
  if (!url) return [html];
  const path = url.pathname.replace(/\/+$/, '');
  return uniq([html, `https://${url.host}${path}.git`, `git@${url.hostname}:${path.slice(1)}.git`]);
}
