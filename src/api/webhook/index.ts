/**
 * Git webhooks: a push to a repository refreshes the applications that
 * deploy from it at once, instead of at the next poll. The API server
 * receives deliveries at `/api/webhook` and passes the raw body here.
 *
 * | provider | event header | push event | verification |
 * |---|---|---|---|
 * | GitHub | `X-GitHub-Event` | `push` | `X-Hub-Signature-256: sha256=<HMAC-SHA256 hex>` |
 * | GitLab | `X-Gitlab-Event` | `Push Hook`, `Tag Push Hook` | `X-Gitlab-Token: <secret>` |
 * | Bitbucket Cloud | `X-Event-Key` | `repo:push` | `X-Hub-Signature: sha256=<HMAC-SHA256 hex>` |
 * | Gitea / Forgejo | `X-Gitea-Event` | `push` | `X-Gitea-Signature: <HMAC-SHA256 hex>` |
 *
 * {@link parseWebhook} checks size, then the signature or token (when a
 * secret is configured for the provider), then parses the push into
 * {@link PushEvent}s: every URL of the repository, the ref, the new commit,
 * and the changed files when the payload lists them all. Other events (a
 * GitHub ping, an issue) come back as `ignored` with a reason. Refusals are
 * typed, with the HTTP status to answer: {@link WebhookTooLargeError} 413,
 * {@link WebhookSignatureError} 401, {@link WebhookPayloadError} 400.
 *
 * {@link matchesApplication} decides whether a push concerns an application's
 * source: same repository in any URL form, and a target revision that
 * follows the pushed branch or tag (same rules as Argo CD, plus semver tags).
 */
export { parseWebhook } from './parse-webhook.js';
export { matchesApplication, type ApplicationSourceRef } from './match.js';
export {
  touchesGeneratePaths,
  MANIFEST_GENERATE_PATHS_ANNOTATION,
  ARGOCD_MANIFEST_GENERATE_PATHS_ANNOTATION,
} from './generate-paths.js';
export { normalizeRepoUrl } from './repo-url.js';
export {
  WebhookError,
  WebhookSignatureError,
  WebhookPayloadError,
  WebhookTooLargeError,
} from './errors.js';
export type {
  PushEvent,
  WebhookProvider,
  WebhookRequest,
  WebhookResult,
  WebhookSecrets,
  WebhookOptions,
} from './types.js';
