import { hashPassword } from '../../api/index.js';
import {
  AlreadyExistsError,
  InvalidRequestError,
  NotFoundError,
  UnauthenticatedError,
  type AccountView,
} from '../../service/index.js';
import {
  accountSecretKey,
  REVOKED_SESSIONS_KEY,
  type LocalAccount,
  type TokenRecord,
  type SettingsStore,
} from '../settings/index.js';
import type { AuthService } from './auth-service.js';
import type { Principal } from './principal.js';

const MIN_PASSWORD_LENGTH = 8;

/** An account as listed: never a password hash or a token. */
export function accountView(account: LocalAccount): AccountView {
  return {
    name: account.name,
    enabled: account.enabled,
    capabilities: [...account.capabilities],
    tokens: account.tokens.map((t) => ({
      id: t.id,
      issuedAt: new Date(t.iat * 1000).toISOString(),
      ...(t.exp !== undefined ? { expiresAt: new Date(t.exp * 1000).toISOString() } : {}),
    })),
  };
}

/** Password changes, API tokens and logouts: everything that writes keelson-secret for accounts. */
export class AccountManager {
  constructor(
    private readonly store: SettingsStore,
    private readonly auth: AuthService,
  ) {}

  get(name: string): LocalAccount {
    const account = this.store.settings.accounts.get(name);
    if (!account) throw new NotFoundError('account', name);
    return account;
  }

  list(): LocalAccount[] {
    return [...this.store.settings.accounts.values()];
  }

  /**
   * Sets `name`'s password (default: the caller's). As in Argo CD,
   * `currentPassword` is the *caller's* password, also when an admin
   * changes another account's; RBAC (`accounts, update`) is the route's job.
   * Sessions of that account issued before the change stop working.
   */
  async updatePassword(
    caller: Principal,
    request: {
      readonly name?: string;
      readonly currentPassword: string;
      readonly newPassword: string;
    },
  ): Promise<void> {
    const self = this.store.settings.accounts.get(caller.username);
    if (!self || caller.via === 'sso')
      throw new InvalidRequestError(
        `"${caller.username}" is not a local account: change the password at the identity provider`,
      );
    const target = this.get(request.name ?? caller.username);
    if (!(await this.auth.checkPassword(self, request.currentPassword)))
      throw new UnauthenticatedError('current password is wrong');
    if (request.newPassword.length < MIN_PASSWORD_LENGTH)
      throw new InvalidRequestError(
        `the new password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    const hash = await hashPassword(request.newPassword, this.auth.options.hashParams);
    await this.store.updateSecret(() => ({
      data: {
        [accountSecretKey(target.name, 'password')]: hash,
        [accountSecretKey(target.name, 'passwordMtime')]: new Date().toISOString(),
      },
    }));
  }

  /** Issues an API token and records it; the only time the token is ever returned. */
  async createToken(
    name: string,
    request: { readonly id?: string; readonly expiresInSeconds?: number },
  ): Promise<{ id: string; token: string }> {
    const account = this.get(name);
    if (!account.enabled) throw new InvalidRequestError(`account "${name}" is disabled`);
    if (!account.capabilities.includes('apiKey'))
      throw new InvalidRequestError(
        `account "${name}" cannot hold API tokens: add apiKey to accounts.${name} in keelson-cm`,
      );
    if (request.id !== undefined && account.tokens.some((t) => t.id === request.id))
      throw new AlreadyExistsError('API token', `${name}/${request.id}`);
    const expires = request.expiresInSeconds;
    if (expires !== undefined && !(Number.isInteger(expires) && expires > 0))
      throw new InvalidRequestError('expiresInSeconds must be a positive whole number');
    const issued = await this.auth.issuer.issueApiToken({
      username: name,
      ...(request.id !== undefined ? { id: request.id } : {}),
      expiresInSeconds: expires ?? 'never',
    });
    const record: TokenRecord = {
      id: issued.claims.jti,
      iat: issued.claims.iat,
      ...(issued.claims.exp !== undefined ? { exp: issued.claims.exp } : {}),
    };
    let duplicate = false;
    await this.store.updateSecret((current) => {
      const tokens = liveTokens(current.data[accountSecretKey(name, 'tokens')]);
      duplicate = tokens.some((t) => t.id === record.id);
      if (duplicate) return undefined;
      return { data: { [accountSecretKey(name, 'tokens')]: JSON.stringify([...tokens, record]) } };
    });
    if (duplicate) throw new AlreadyExistsError('API token', `${name}/${record.id}`);
    return { id: record.id, token: issued.token };
  }

  /** Revokes an API token by id. */
  async deleteToken(name: string, id: string): Promise<void> {
    this.get(name);
    let found = false;
    await this.store.updateSecret((current) => {
      const tokens = liveTokens(current.data[accountSecretKey(name, 'tokens')]);
      found = tokens.some((t) => t.id === id);
      if (!found) return undefined;
      const rest = tokens.filter((t) => t.id !== id);
      return { data: { [accountSecretKey(name, 'tokens')]: JSON.stringify(rest) } };
    });
    if (!found) throw new NotFoundError('API token', `${name}/${id}`);
  }

  /** Ends a session: its id is recorded (until it would have expired anyway), surviving restarts. */
  async revokeSession(principal: Principal): Promise<void> {
    if (principal.kind !== 'session')
      throw new InvalidRequestError(
        'an API token is not a session: revoke it with DELETE /api/v1/account/{name}/token/{id}',
      );
    const now = Math.floor(Date.now() / 1000);
    const exp = principal.exp ?? now + 24 * 3600;
    await this.store.updateSecret((current) => {
      const revoked = parseRevoked(current.data[REVOKED_SESSIONS_KEY]);
      const kept = Object.fromEntries(Object.entries(revoked).filter(([, e]) => e > now));
      kept[principal.jti] = exp;
      return { data: { [REVOKED_SESSIONS_KEY]: JSON.stringify(kept) } };
    });
  }
}

function parseRevoked(text: string | undefined): Record<string, number> {
  try {
    const raw: unknown = JSON.parse(text ?? '{}');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    return Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
  } catch {
    return {};
  }
}

// Tokens still worth keeping: expired ones are dropped whenever the list is written.
function liveTokens(text: string | undefined): TokenRecord[] {
  const now = Math.floor(Date.now() / 1000);
  try {
    const raw: unknown = JSON.parse(text ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (t): t is TokenRecord =>
        typeof t === 'object' &&
        t !== null &&
        typeof (t as TokenRecord).id === 'string' &&
        typeof (t as TokenRecord).iat === 'number' &&
        ((t as TokenRecord).exp === undefined || ((t as TokenRecord).exp ?? 0) > now),
    );
  } catch {
    return [];
  }
}
