import { strings } from './json-fields.js';
import { refNames, uniq } from './refs.js';
import type { PushEvent, WebhookProvider } from './types.js';

export interface PushFacts {
  readonly provider: WebhookProvider;
  readonly repoURLs: string[];
  readonly ref: string;
  readonly after: string | undefined;
  readonly deleted: boolean;
  readonly defaultBranch: string | undefined;
  readonly commits: readonly unknown[];
  /** Whether the payload's commit list is known to name every changed file. */
  readonly knowsFiles: boolean;
}

/** The push event every provider's payload is turned into. */
export function pushEvent(f: PushFacts): PushEvent {
  return {
    provider: f.provider,
    repoURLs: f.repoURLs,
    ref: f.ref,
    ...refNames(f.ref),
    ...(!f.deleted && f.after ? { revision: f.after } : {}),
    deleted: f.deleted,
    ...(f.defaultBranch ? { defaultBranch: f.defaultBranch } : {}),
    ...(f.knowsFiles
      ? {
          changedFiles: uniq(
            f.commits.flatMap((c) => [
              ...strings(c, 'added'),
              ...strings(c, 'modified'),
              ...strings(c, 'removed'),
            ]),
          ),
        }
      : {}),
  };
}
