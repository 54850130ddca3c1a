import { KeelsonError } from '../core/index.js';

/** The label that marks a Secret as Keelson credentials (as Argo CD's `argocd.argoproj.io/secret-type`). */
export const SECRET_TYPE_LABEL = 'keelson.dev/secret-type';

/** What a labelled Secret holds. */
export type CredentialSecretType = 'cluster' | 'repository' | 'repo-creds';
export const CREDENTIAL_SECRET_TYPES: readonly CredentialSecretType[] = [
  'cluster',
  'repository',
  'repo-creds',
];

/** Label selector that lists every credential Secret. */
export const CREDENTIAL_SECRETS_SELECTOR = `${SECRET_TYPE_LABEL} in (${CREDENTIAL_SECRET_TYPES.join(',')})`;

/** The parts of a Secret read here; a `V1Secret` from the client or a parsed manifest both fit. */
export interface SecretLike {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  /** Base64-encoded values, as the API server returns them. */
  readonly data?: Readonly<Record<string, string>>;
  /** Plain values, as people write them in manifests; they win over `data`. */
  readonly stringData?: Readonly<Record<string, string>>;
}

/** Which Secret credentials came from, for messages and events (never its values). */
export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

export function secretRefOf(secret: SecretLike): SecretRef {
  return {
    namespace: secret.metadata?.namespace ?? '',
    name: secret.metadata?.name ?? '<unnamed>',
  };
}

function describeRef(ref: SecretRef): string {
  return ref.namespace ? `Secret/${ref.namespace}/${ref.name}` : `Secret/${ref.name}`;
}

/**
 * A credential Secret is malformed. The message names the Secret and the key
 * at fault, and never contains a value read from it.
 */
export class InvalidCredentialSecretError extends KeelsonError {
  constructor(
    readonly secret: SecretRef,
    reason: string,
  ) {
    super(`${describeRef(secret)}: ${reason}`);
  }
}

/** The value of `keelson.dev/secret-type`, when it is one Keelson knows. */
export function credentialSecretType(secret: SecretLike): CredentialSecretType | undefined {
  const value = secret.metadata?.labels?.[SECRET_TYPE_LABEL];
  return CREDENTIAL_SECRET_TYPES.find((t) => t === value);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when `value` is well-formed base64 (whitespace ignored). */
export function isBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length % 4 === 0 && BASE64.test(compact);
}

/** Decoded string values of a Secret: `data` (base64) overlaid with `stringData`. */
export function secretValues(secret: SecretLike): Map<string, string> {
  const ref = secretRefOf(secret);
  const values = new Map<string, string>();
  for (const [key, encoded] of Object.entries(secret.data ?? {})) {
    if (!isBase64(encoded))
      throw new InvalidCredentialSecretError(ref, `data.${key} is not valid base64`);
    values.set(key, Buffer.from(encoded, 'base64').toString('utf8'));
  }
  for (const [key, value] of Object.entries(secret.stringData ?? {})) values.set(key, value);
  return values;
}
