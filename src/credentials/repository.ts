import { normalizeRepoURL } from '../apis/index.js';
import { InvalidCredentialSecretError, secretRefOf, secretValues } from './secret.js';
import type { SecretLike, SecretRef } from './secret.js';

/** Kind of repository the credentials are for. */
export type RepositoryType = 'git' | 'helm';

/**
 * Credentials for Git or Helm repositories, from a Secret labelled
 * `keelson.dev/secret-type: repository` (one repository, matched by its
 * exact URL) or `repo-creds` (a template for every repository under a URL
 * prefix). Holds secrets: never log it.
 */
export interface RepositoryCredentials {
  readonly secretType: 'repository' | 'repo-creds';
  /** As written in the Secret. */
  readonly url: string;
  readonly type: RepositoryType;
  readonly username?: string;
  readonly password?: string;
  readonly sshPrivateKey?: string;
  readonly secret: SecretRef;
}

/**
 * Reads a `repository` or `repo-creds` Secret: `url`, `type` (`git`, the
 * default, or `helm`), and `username` + `password` (HTTPS) and/or
 * `sshPrivateKey` (SSH). A `repository` Secret may hold no credentials (it
 * only registers a public repository); a `repo-creds` one must.
 * Throws {@link InvalidCredentialSecretError}.
 */
export function parseRepositorySecret(
  secret: SecretLike,
  secretType: 'repository' | 'repo-creds',
): RepositoryCredentials {
  const ref = secretRefOf(secret);
  const values = secretValues(secret);
  const url = values.get('url')?.trim();
  if (!url) throw new InvalidCredentialSecretError(ref, 'url is missing');
  const type = values.get('type')?.trim() || 'git';
  if (type !== 'git' && type !== 'helm')
    throw new InvalidCredentialSecretError(ref, 'type must be git or helm');
  const username = values.get('username') || undefined;
  const password = values.get('password') || undefined;
  const sshPrivateKey = values.get('sshPrivateKey') || undefined;
  if (username !== undefined && password === undefined)
    throw new InvalidCredentialSecretError(ref, 'username is set but password is missing');
  if (sshPrivateKey !== undefined && !sshPrivateKey.includes('-----BEGIN '))
    throw new InvalidCredentialSecretError(
      ref,
      'sshPrivateKey is not a PEM or OpenSSH private key',
    );
  if (secretType === 'repo-creds' && !password && !sshPrivateKey)
    throw new InvalidCredentialSecretError(
      ref,
      'a repo-creds Secret needs password (with username) or sshPrivateKey',
    );
  return {
    secretType,
    url,
    type,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(sshPrivateKey !== undefined ? { sshPrivateKey } : {}),
    secret: ref,
  };
}

// True when `prefix` covers `url` up to a path or scp-style (`host:path`) boundary,
// so credentials for https://git.example.com/team never serve .../team-b.
function isUnder(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  if (url.length === prefix.length || prefix.endsWith('/') || prefix.endsWith(':')) return true;
  const next = url[prefix.length];
  return next === '/' || next === ':';
}

function bySecret(a: RepositoryCredentials, b: RepositoryCredentials): number {
  return (
    a.secret.namespace.localeCompare(b.secret.namespace) ||
    a.secret.name.localeCompare(b.secret.name)
  );
}

/**
 * The credentials to use for a repository URL: a `repository` Secret for
 * exactly that repository (URLs compared normalized: case, `.git`, trailing
 * `/`), else the `repo-creds` Secret with the longest URL prefix covering
 * it, else `undefined`. Ties go to the Secret first by namespace and name,
 * so the choice never depends on listing order.
 */
export function matchRepositoryCredentials(
  url: string,
  credentials: readonly RepositoryCredentials[],
): RepositoryCredentials | undefined {
  const target = normalizeRepoURL(url);
  const sorted = [...credentials].sort(bySecret);
  const exact = sorted.find(
    (c) => c.secretType === 'repository' && normalizeRepoURL(c.url) === target,
  );
  if (exact) return exact;
  let best: RepositoryCredentials | undefined;
  let bestLength = -1;
  for (const c of sorted) {
    if (c.secretType !== 'repo-creds') continue;
    const prefix = normalizeRepoURL(c.url);
    if (isUnder(target, prefix) && prefix.length > bestLength) {
      best = c;
      bestLength = prefix.length;
    }
  }
  return best;
}
