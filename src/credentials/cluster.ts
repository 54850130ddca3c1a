import { isBase64, InvalidCredentialSecretError, secretRefOf, secretValues } from './secret.js';
import type { SecretLike, SecretRef } from './secret.js';

/** TLS settings for reaching a cluster; PEM text, decoded from the Secret's base64. */
export interface ClusterTlsConfig {
  /** Skip verifying the server's certificate. */
  readonly insecure: boolean;
  /** Name to verify the server's certificate against, when it differs from the URL's host. */
  readonly serverName?: string;
  /** CA certificate(s) to trust (PEM). */
  readonly caData?: string;
  /** Client certificate (PEM), with `keyData`. */
  readonly certData?: string;
  /** Client private key (PEM). */
  readonly keyData?: string;
}

/**
 * A destination cluster registered by a Secret labelled
 * `keelson.dev/secret-type: cluster`. Holds secrets: never log it.
 */
export interface ClusterCredentials {
  readonly name: string;
  /** API server URL, without a trailing slash. */
  readonly server: string;
  readonly bearerToken?: string;
  readonly tls: ClusterTlsConfig;
  readonly secret: SecretRef;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes trailing slashes, so `https://host:6443/` and `https://host:6443` are one server. */
export function normalizeServer(server: string): string {
  return server.trim().replace(/\/+$/, '');
}

function readConfig(ref: SecretRef, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which holds secrets: say only where.
    throw new InvalidCredentialSecretError(ref, 'config is not valid JSON');
  }
  if (!isRecord(config))
    throw new InvalidCredentialSecretError(ref, 'config must be a JSON object');
  return config;
}

function optionalString(ref: SecretRef, where: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InvalidCredentialSecretError(ref, `${where} must be a string`);
  return value;
}

// caData/certData/keyData are base64 of PEM, as in Argo CD and kubeconfig's *-data fields.
function pem(ref: SecretRef, where: string, value: unknown): string | undefined {
  const encoded = optionalString(ref, where, value);
  if (encoded === undefined) return undefined;
  if (!isBase64(encoded))
    throw new InvalidCredentialSecretError(ref, `${where} is not valid base64`);
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  if (!text.includes('-----BEGIN '))
    throw new InvalidCredentialSecretError(ref, `${where} is not base64-encoded PEM`);
  return text;
}

function readTls(ref: SecretRef, value: unknown): ClusterTlsConfig {
  if (value === undefined || value === null) return { insecure: false };
  const where = 'config.tlsClientConfig';
  if (!isRecord(value)) throw new InvalidCredentialSecretError(ref, `${where} must be an object`);
  if (value.insecure !== undefined && typeof value.insecure !== 'boolean')
    throw new InvalidCredentialSecretError(ref, `${where}.insecure must be true or false`);
  const tls: ClusterTlsConfig = {
    insecure: value.insecure === true,
    serverName: optionalString(ref, `${where}.serverName`, value.serverName),
    caData: pem(ref, `${where}.caData`, value.caData),
    certData: pem(ref, `${where}.certData`, value.certData),
    keyData: pem(ref, `${where}.keyData`, value.keyData),
  };
  if ((tls.certData === undefined) !== (tls.keyData === undefined))
    throw new InvalidCredentialSecretError(ref, `${where} needs both certData and keyData`);
  return tls;
}

/**
 * Reads a cluster Secret: `name`, `server` and `config`, a JSON object
 * `{bearerToken?, tlsClientConfig?: {insecure?, serverName?, caData?,
 * certData?, keyData?}}` with base64 PEM in the `*Data` fields (Argo CD's
 * format). Authentication is a bearer token or a client certificate.
 * Throws {@link InvalidCredentialSecretError}.
 */
export function parseClusterSecret(secret: SecretLike): ClusterCredentials {
  const ref = secretRefOf(secret);
  const values = secretValues(secret);
  const name = values.get('name')?.trim();
  const server = normalizeServer(values.get('server') ?? '');
  if (!name) throw new InvalidCredentialSecretError(ref, 'name is missing');
  if (!server) throw new InvalidCredentialSecretError(ref, 'server is missing');
  if (!/^https?:\/\/[^/]/.test(server) || !URL.canParse(server))
    throw new InvalidCredentialSecretError(ref, 'server is not an http(s) URL');
  const config = readConfig(ref, values.get('config'));
  const bearerToken = optionalString(ref, 'config.bearerToken', config.bearerToken);
  const tls = readTls(ref, config.tlsClientConfig);
  if (bearerToken === undefined && tls.certData === undefined)
    throw new InvalidCredentialSecretError(
      ref,
      'no credentials: set config.bearerToken, or config.tlsClientConfig.certData and keyData',
    );
  return { name, server, ...(bearerToken ? { bearerToken } : {}), tls, secret: ref };
}
