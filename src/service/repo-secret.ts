import { createHash } from 'node:crypto';
import { normalizeRepoURL } from '../apis/index.js';
import type { KubeObject } from '../core/index.js';
import {
  InvalidCredentialSecretError,
  SECRET_TYPE_LABEL,
  parseRepositorySecret,
  secretValues,
  type SecretLike,
} from '../credentials/index.js';
import { InvalidRequestError } from './errors.js';
import type { RepositoryRequest, RepositoryView } from './types.js';

type CredentialType = RepositoryView['credentialType'];

/**
 * The Secret name for a repository URL: `repo-<hash>` (or `creds-<hash>` for
 * a credential template), as Argo CD names them, from the normalized URL so
 * the same repository written differently maps to the same Secret.
 */
export function repositorySecretName(url: string, credentialType: CredentialType): string {
  const hash = createHash('sha256').update(normalizeRepoURL(url)).digest('hex').slice(0, 16);
  return `${credentialType === 'repo-creds' ? 'creds' : 'repo'}-${hash}`;
}

const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/].*$/;

/** Checks a repository URL for its type; `file://` only when local repositories are allowed. */
export function validateRepositoryURL(
  url: string,
  type: 'git' | 'helm',
  allowLocal: boolean,
): void {
  const bad = (why: string): InvalidRequestError =>
    new InvalidRequestError(`repository ${url}: ${why}`);
  if (!url.trim() || /\s/.test(url)) throw bad('not a URL');
  if (type === 'helm') {
    if (!/^(https?|oci):\/\/[^/]/.test(url) || !URL.canParse(url))
      throw bad('a Helm repository URL must be http(s):// or oci://');
    return;
  }
  if (SCP_LIKE.test(url)) return;
  if (!URL.canParse(url)) throw bad('not a URL (use https://, ssh:// or user@host:path)');
  const protocol = new URL(url).protocol;
  if (protocol === 'file:') {
    if (!allowLocal) throw bad('file:// repositories are not allowed here');
    return;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(protocol))
    throw bad(`unsupported scheme ${protocol}`);
}

/** The labelled Secret for a repository request (Argo CD's keys), validated as the controller reads it. */
export function repositorySecret(
  request: RepositoryRequest,
  namespace: string,
  name?: string,
): KubeObject {
  const credentialType: CredentialType = request.credentialTemplate ? 'repo-creds' : 'repository';
  const stringData = Object.fromEntries(
    Object.entries({
      url: request.url,
      type: request.type ?? 'git',
      name: request.name,
      project: request.project,
      username: request.username,
      password: request.password,
      sshPrivateKey: request.sshPrivateKey,
    }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: name ?? repositorySecretName(request.url, credentialType),
      namespace,
      labels: { [SECRET_TYPE_LABEL]: credentialType },
    },
    type: 'Opaque',
    stringData,
  };
  try {
    parseRepositorySecret(secret, credentialType);
  } catch (err) {
    if (err instanceof InvalidCredentialSecretError)
      // The message names the key at fault, never a value; drop the (not yet existing) Secret's name.
      throw new InvalidRequestError(
        `repository ${request.url}: ${err.message.replace(/^Secret\/\S+: /, '')}`,
      );
    throw err;
  }
  return secret;
}

/** A repository Secret as shown: who and where, never a password or key. */
export function toRepositoryView(secret: SecretLike): RepositoryView | undefined {
  const type = secret.metadata?.labels?.[SECRET_TYPE_LABEL];
  if (type !== 'repository' && type !== 'repo-creds') return undefined;
  let values: Map<string, string>;
  try {
    values = secretValues(secret);
  } catch {
    return undefined; // malformed: the controller skips it too
  }
  const url = values.get('url')?.trim();
  if (!url) return undefined;
  const username = values.get('username') || undefined;
  const name = values.get('name') || undefined;
  const project = values.get('project') || undefined;
  return {
    url,
    type: values.get('type') === 'helm' ? 'helm' : 'git',
    ...(name ? { name } : {}),
    ...(project ? { project } : {}),
    credentialType: type,
    hasCredentials: !!(values.get('password') || values.get('sshPrivateKey')),
    ...(username ? { username } : {}),
    secretName: secret.metadata?.name ?? '',
  };
}
