import { parse as parseYaml } from 'yaml';
import type { WebhookSecrets } from '../../api/index.js';
import { errorMessage, isRecord } from '../../core/index.js';
import type { KeyValueObject } from './kube-objects.js';

/** The built-in local account; holds `role:admin`. */
export const ADMIN_ACCOUNT = 'admin';

export type AccountCapability = 'login' | 'apiKey';

/** An API token as recorded in keelson-secret (never the token itself). */
export interface TokenRecord {
  readonly id: string;
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
  /** Expiry, seconds since the epoch; absent for a token that lasts until revoked. */
  readonly exp?: number;
}

/** A local account: `admin`, or one declared in keelson-cm as `accounts.<name>: apiKey, login`. */
export interface LocalAccount {
  readonly name: string;
  readonly enabled: boolean;
  readonly capabilities: readonly AccountCapability[];
  /** scrypt PHC hash; absent until a password is set. */
  readonly passwordHash?: string;
  /** When the password last changed, seconds since the epoch: sessions issued before are refused. */
  readonly passwordChangedAt?: number;
  readonly tokens: readonly TokenRecord[];
}

/** `oidc.config` of keelson-cm, with the client secret resolved from keelson-secret. */
export interface OidcConfig {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly requestedScopes?: readonly string[];
  readonly usernameClaim?: string;
  readonly groupsClaim?: string;
}

/** Everything the server reads from keelson-cm and keelson-secret, parsed. */
export interface ServerSettings {
  /** External URL (`url` of keelson-cm). */
  readonly url?: string;
  readonly oidc?: OidcConfig;
  /** Why `oidc.config` could not be used; SSO is off then. */
  readonly oidcError?: string;
  readonly accounts: ReadonlyMap<string, LocalAccount>;
  /** Logged-out sessions: jti → expiry (seconds). */
  readonly revokedSessions: ReadonlyMap<string, number>;
  /** HS256 key for sessions and API tokens (`server.secretkey`). */
  readonly signingKey?: Uint8Array;
  readonly webhookSecrets: WebhookSecrets;
}

/** The key of keelson-secret holding an account's `field` (`admin.password`, `accounts.ci.tokens`). */
export function accountSecretKey(account: string, field: string): string {
  return account === ADMIN_ACCOUNT ? `admin.${field}` : `accounts.${account}.${field}`;
}

export const SIGNING_KEY = 'server.secretkey';
export const REVOKED_SESSIONS_KEY = 'sessions.revoked';

/** Parses the two objects; never throws (a bad value disables the feature and is reported). */
export function parseSettings(cm: KeyValueObject, secret: KeyValueObject): ServerSettings {
  const oidc = parseOidc(cm.data['oidc.config'], secret.data);
  const key = secret.data[SIGNING_KEY];
  const url = cm.data['url']?.trim().replace(/\/+$/, '');
  return {
    ...(url ? { url } : {}),
    ...oidc,
    accounts: parseAccounts(cm.data, secret.data),
    revokedSessions: new Map(Object.entries(jsonRecord(secret.data[REVOKED_SESSIONS_KEY]))),
    ...(key && /^[0-9a-f]{64,}$/.test(key) ? { signingKey: Buffer.from(key, 'hex') } : {}),
    webhookSecrets: webhookSecrets(secret.data),
  };
}

function webhookSecrets(data: Readonly<Record<string, string>>): WebhookSecrets {
  const pick = (provider: string): string | undefined => data[`webhook.${provider}.secret`];
  const out: Record<string, string> = {};
  for (const provider of ['github', 'gitlab', 'bitbucket', 'gitea']) {
    const value = pick(provider);
    if (value) out[provider] = value;
  }
  return out;
}

function parseAccounts(
  cm: Readonly<Record<string, string>>,
  secret: Readonly<Record<string, string>>,
): ReadonlyMap<string, LocalAccount> {
  const names = new Set([ADMIN_ACCOUNT]);
  for (const key of Object.keys(cm)) {
    const m = /^accounts\.([^.]+)$/.exec(key);
    if (m?.[1]) names.add(m[1]);
  }
  const accounts = new Map<string, LocalAccount>();
  for (const name of [...names].sort()) {
    const declared = cm[`accounts.${name}`];
    const enabledText =
      name === ADMIN_ACCOUNT ? cm['admin.enabled'] : cm[`accounts.${name}.enabled`];
    const hash = secret[accountSecretKey(name, 'password')];
    const mtime = Date.parse(secret[accountSecretKey(name, 'passwordMtime')] ?? '');
    accounts.set(name, {
      name,
      enabled: enabledText?.trim().toLowerCase() !== 'false',
      // admin may log in and hold API tokens unless keelson-cm says otherwise.
      capabilities: declared === undefined ? ['login', 'apiKey'] : parseCapabilities(declared),
      ...(hash ? { passwordHash: hash } : {}),
      ...(Number.isFinite(mtime) ? { passwordChangedAt: Math.floor(mtime / 1000) } : {}),
      tokens: parseTokens(secret[accountSecretKey(name, 'tokens')]),
    });
  }
  return accounts;
}

function parseCapabilities(text: string): AccountCapability[] {
  const caps = new Set<AccountCapability>();
  for (const part of text.split(',').map((s) => s.trim()))
    if (part === 'login' || part === 'apiKey') caps.add(part);
  return [...caps];
}

function parseTokens(text: string | undefined): TokenRecord[] {
  if (!text) return [];
  try {
    const raw: unknown = JSON.parse(text);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((t: unknown): TokenRecord[] =>
      isRecord(t) && typeof t.id === 'string' && typeof t.iat === 'number'
        ? [{ id: t.id, iat: t.iat, ...(typeof t.exp === 'number' ? { exp: t.exp } : {}) }]
        : [],
    );
  } catch {
    return [];
  }
}

function jsonRecord(text: string | undefined): Record<string, number> {
  if (!text) return {};
  try {
    const raw: unknown = JSON.parse(text);
    if (!isRecord(raw)) return {};
    return Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
  } catch {
    return {};
  }
}

function parseOidc(
  text: string | undefined,
  secret: Readonly<Record<string, string>>,
): { oidc?: OidcConfig; oidcError?: string } {
  if (!text?.trim()) return {};
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return { oidcError: `oidc.config of keelson-cm is not YAML: ${errorMessage(err)}` };
  }
  if (!isRecord(raw)) return { oidcError: 'oidc.config of keelson-cm is not a mapping' };
  const str = (key: string): string | undefined =>
    typeof raw[key] === 'string' && raw[key] !== '' ? raw[key] : undefined;
  const issuer = str('issuer');
  const clientId = str('clientID') ?? str('clientId');
  if (!issuer || !clientId)
    return { oidcError: 'oidc.config of keelson-cm needs issuer and clientID' };
  const secretRef = str('clientSecret');
  let clientSecret = secretRef;
  if (secretRef?.startsWith('$')) {
    clientSecret = secret[secretRef.slice(1)];
    if (clientSecret === undefined)
      return {
        oidcError: `oidc.config clientSecret refers to key "${secretRef.slice(1)}", which keelson-secret does not have`,
      };
  }
  const scopes = Array.isArray(raw.requestedScopes)
    ? raw.requestedScopes.filter((s): s is string => typeof s === 'string')
    : undefined;
  const usernameClaim = str('usernameClaim');
  const groupsClaim = str('groupsClaim');
  return {
    oidc: {
      name: str('name') ?? 'SSO',
      issuer: issuer.replace(/\/+$/, ''),
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      ...(scopes ? { requestedScopes: scopes } : {}),
      ...(usernameClaim ? { usernameClaim } : {}),
      ...(groupsClaim ? { groupsClaim } : {}),
    },
  };
}
