import { WebhookPayloadError } from './errors.js';
import { field, list, str } from './json-fields.js';
import { pushEvent } from './push-event.js';
import { isZeroSha, refNames, uniq } from './refs.js';
import type { PushEvent, WebhookProvider } from './types.js';

/**
 * Parses the push payload GitHub defined and Gitea (and Gogs) copied:
 * `ref`, `before`, `after`, `created`/`deleted`/`forced`, `repository`
 * with `html_url`, `clone_url`, `ssh_url` and `default_branch`, and
 * `commits[]` with `added`, `modified` and `removed` paths.
 */
export function parseGitHubStylePush(
  provider: WebhookProvider,
  payload: unknown,
  options: { readonly totalCommits?: number; readonly maxCommits: number },
): PushEvent {
  const ref = str(payload, 'ref');
  if (!ref) throw new WebhookPayloadError(provider, 'push payload has no "ref"');
  const repoURLs = uniq(
    ['html_url', 'clone_url', 'ssh_url']
      .map((key) => str(payload, 'repository', key))
      .filter((u): u is string => u !== undefined),
  );
  if (repoURLs.length === 0)
    throw new WebhookPayloadError(provider, 'push payload names no repository URL');
  const after = str(payload, 'after');
  const deleted = field(payload, 'deleted') === true || isZeroSha(after);
  const created = field(payload, 'created') === true || isZeroSha(str(payload, 'before'));
  const commits = list(payload, 'commits');
  const complete =
    commits.length < options.maxCommits &&
    (options.totalCommits === undefined || options.totalCommits <= commits.length);
  const names = refNames(ref);
  const knowsFiles =
    names.branch !== undefined &&
    !created &&
    !deleted &&
    field(payload, 'forced') !== true &&
    complete;
  return pushEvent({
    provider: provider,
    repoURLs,
    ref,
    after,
    deleted,
    defaultBranch: str(payload, 'repository', 'default_branch'),
    commits,
    knowsFiles,
  });
}
