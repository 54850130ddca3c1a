import { WebhookPayloadError, WebhookSignatureError } from './errors.js';
import { field, list, str } from './json-fields.js';
import { pushEvent } from './push-event.js';
import type { ProviderSpec } from './provider.js';
import { isZeroSha, refNames, uniq } from './refs.js';
import { header } from './request.js';
import { isSameToken } from './signature.js';
import type { PushEvent } from './types.js';

const TOKEN = 'X-Gitlab-Token';
const PUSH_EVENTS = new Set(['Push Hook', 'Tag Push Hook']);

/**
 * GitLab: `X-Gitlab-Event: Push Hook` (or `Tag Push Hook`), authenticated by
 * the shared secret itself in `X-Gitlab-Token`. A push lists at most 20
 * commits; `total_commits_count` says how many there were.
 */
export const gitlab: ProviderSpec = {
  provider: 'gitlab',
  eventHeader: 'X-Gitlab-Event',
  ignoredReason(event) {
    return PUSH_EVENTS.has(event) ? undefined : `GitLab event "${event}" is not a push`;
  },
  verify(request, _body, secret) {
    const given = header(request, TOKEN);
    if (!given)
      throw new WebhookSignatureError(
        'gitlab',
        `missing ${TOKEN} header (a webhook secret is configured)`,
      );
    if (!isSameToken(given, secret))
      throw new WebhookSignatureError(
        'gitlab',
        `${TOKEN} does not match the configured webhook secret`,
      );
  },
  parse(payload) {
    return [parseGitLabPush(payload)];
  },
};

function parseGitLabPush(payload: unknown): PushEvent {
  const ref = str(payload, 'ref');
  if (!ref) throw new WebhookPayloadError('gitlab', 'push payload has no "ref"');
  const repoURLs = uniq(
    [
      str(payload, 'project', 'web_url'),
      str(payload, 'project', 'git_http_url'),
      str(payload, 'project', 'git_ssh_url'),
      str(payload, 'repository', 'homepage'),
    ].filter((u): u is string => u !== undefined),
  );
  if (repoURLs.length === 0)
    throw new WebhookPayloadError('gitlab', 'push payload names no repository URL');
  const after = str(payload, 'after');
  const deleted = isZeroSha(after);
  const created = isZeroSha(str(payload, 'before'));
  const commits = list(payload, 'commits');
  const total = field(payload, 'total_commits_count');
  const names = refNames(ref);
  const knowsFiles =
    names.branch !== undefined &&
    !created &&
    !deleted &&
    (typeof total !== 'number' || total <= commits.length);
  return pushEvent({
    provider: 'gitlab',
    repoURLs,
    ref,
    after,
    deleted,
    defaultBranch: str(payload, 'project', 'default_branch'),
    commits,
    knowsFiles,
  });
}
