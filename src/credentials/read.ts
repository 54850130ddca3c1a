import { parseClusterSecret, type ClusterCredentials } from './cluster.js';
import { parseRepositorySecret, type RepositoryCredentials } from './repository.js';
import {
  InvalidCredentialSecretError,
  credentialSecretType,
  secretRefOf,
  type SecretLike,
} from './secret.js';

/** Every credential found in a set of Secrets, and the Secrets that could not be read. */
export interface CredentialSet {
  readonly clusters: readonly ClusterCredentials[];
  readonly repositories: readonly RepositoryCredentials[];
  /** One per malformed Secret; the others are still usable. */
  readonly problems: readonly InvalidCredentialSecretError[];
}

/**
 * Sorts labelled Secrets into cluster and repository credentials (ignoring
 * Secrets without the label). A malformed Secret is reported in `problems`
 * and skipped, so it cannot take the others down. Output is ordered by
 * Secret namespace and name.
 */
export function readCredentialSecrets(secrets: readonly SecretLike[]): CredentialSet {
  const clusters: ClusterCredentials[] = [];
  const repositories: RepositoryCredentials[] = [];
  const problems: InvalidCredentialSecretError[] = [];
  const sorted = [...secrets].sort((a, b) => {
    const ra = secretRefOf(a);
    const rb = secretRefOf(b);
    return ra.namespace.localeCompare(rb.namespace) || ra.name.localeCompare(rb.name);
  });
  for (const secret of sorted) {
    const type = credentialSecretType(secret);
    try {
      if (type === 'cluster') clusters.push(parseClusterSecret(secret));
      else if (type === 'repository' || type === 'repo-creds')
        repositories.push(parseRepositorySecret(secret, type));
    } catch (err) {
      if (!(err instanceof InvalidCredentialSecretError)) throw err;
      problems.push(err);
    }
  }
  return { clusters, repositories, problems };
}
