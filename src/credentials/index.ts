/**
 * Credentials kept in labelled Kubernetes Secrets, in Argo CD's format with
 * Keelson's label (`keelson.dev/secret-type` for `argocd.argoproj.io/secret-type`).
 * Pure: parse and match; listing the Secrets is the caller's I/O.
 *
 * - **`cluster`**: a destination cluster. Keys `name`, `server`, `config`
 *   (JSON: `bearerToken`, `tlsClientConfig {insecure, serverName, caData,
 *   certData, keyData}`, the `*Data` fields base64 PEM). The cluster Keelson
 *   runs in needs no Secret: it is `in-cluster` / `https://kubernetes.default.svc`.
 * - **`repository`**: one repository, by exact URL. **`repo-creds`**: every
 *   repository under a URL prefix (the longest prefix wins). Keys `url`,
 *   `type` (`git` | `helm`), `username` + `password`, `sshPrivateKey`.
 *
 * Values are secrets: errors name the Secret and the key at fault, never a
 * value, and the parsed credentials must not be logged.
 */
export {
  SECRET_TYPE_LABEL,
  CREDENTIAL_SECRET_TYPES,
  CREDENTIAL_SECRETS_SELECTOR,
  InvalidCredentialSecretError,
  credentialSecretType,
  secretValues,
  type CredentialSecretType,
  type SecretLike,
  type SecretRef,
} from './secret.js';
export {
  parseClusterSecret,
  normalizeServer,
  type ClusterCredentials,
  type ClusterTlsConfig,
} from './cluster.js';
export {
  parseRepositorySecret,
  matchRepositoryCredentials,
  type RepositoryCredentials,
  type RepositoryType,
} from './repository.js';
export {
  resolveDestinationCluster,
  ClusterNotFoundError,
  IN_CLUSTER_NAME,
  IN_CLUSTER_SERVER,
  type DestinationCluster,
} from './destination-cluster.js';
export { readCredentialSecrets, type CredentialSet } from './read.js';
