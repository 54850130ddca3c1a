/** The Git hosts whose push webhooks Keelson understands. */
export type WebhookProvider = 'github' | 'gitlab' | 'bitbucket' | 'gitea';

/** One ref that a push moved. */
export interface PushEvent {
  readonly provider: WebhookProvider;
  /**
   * Every URL the repository is known by in the payload: web page, HTTPS
   * clone URL, SSH clone URL. Compare with {@link normalizeRepoUrl}.
   */
  readonly repoURLs: readonly string[];
  /** The full ref: `refs/heads/main`, `refs/tags/v1.2.0`. */
  readonly ref: string;
  /** The branch name, when `ref` is a branch. */
  readonly branch?: string;
  /** The tag name, when `ref` is a tag. */
  readonly tag?: string;
  /** The commit the ref points to now; absent when the ref was deleted. */
  readonly revision?: string;
  readonly deleted: boolean;
  /** The repository's default branch, when the payload says (Bitbucket Cloud does not). */
  readonly defaultBranch?: string;
  /**
   * Files added, modified or removed by the pushed commits, when the payload
   * lists them completely. Absent when unknown — a new ref, a tag, a forced
   * push, a truncated commit list, or a provider that does not send them —
   * in which case anything may have changed.
   */
  readonly changedFiles?: readonly string[];
}

/** What a webhook delivery amounts to. */
export type WebhookResult =
  | {
      readonly kind: 'push';
      readonly provider: WebhookProvider;
      readonly pushes: readonly PushEvent[];
    }
  | { readonly kind: 'ignored'; readonly provider?: WebhookProvider; readonly reason: string };

/** An HTTP request as the webhook parser needs it: header names in any case, the raw body. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body exactly as received: signatures are computed over these bytes. */
  readonly body: Uint8Array | string;
}

/**
 * Webhook secrets per provider (kept in a Secret by the server). A provider
 * with a secret must sign (GitHub, Gitea, Bitbucket Cloud) or send the token
 * (GitLab) on every delivery; a provider without one is accepted unverified,
 * as in Argo CD — configure one for every provider you use.
 */
export interface WebhookSecrets {
  readonly github?: string;
  readonly gitlab?: string;
  readonly bitbucket?: string;
  readonly gitea?: string;
}

export interface WebhookOptions {
  readonly secrets: WebhookSecrets;
  /** Larger bodies are refused before anything else is done with them. */
  readonly maxBodyBytes: number;
}
