import type { AccountOperations, AccountView, UserInfo } from '../service/index.js';
import { segment, type HttpTransport } from './http.js';

/** Account operations over HTTP (server mode only). */
export class HttpAccounts implements AccountOperations {
  constructor(private readonly http: HttpTransport) {}

  userInfo(): Promise<UserInfo> {
    return this.http.json('GET', '/api/v1/session/userinfo');
  }

  async list(): Promise<readonly AccountView[]> {
    return (await this.http.json<{ items: AccountView[] }>('GET', '/api/v1/account')).items;
  }

  get(name: string): Promise<AccountView> {
    return this.http.json('GET', `/api/v1/account/${segment(name)}`);
  }

  async updatePassword(request: {
    readonly name?: string;
    readonly currentPassword: string;
    readonly newPassword: string;
  }): Promise<void> {
    await this.http.json('PUT', '/api/v1/account/password', { body: request });
  }

  createToken(
    name: string,
    request: { readonly id?: string; readonly expiresInSeconds?: number },
  ): Promise<{ readonly id: string; readonly token: string }> {
    return this.http.json('POST', `/api/v1/account/${segment(name)}/token`, { body: request });
  }

  async deleteToken(name: string, id: string): Promise<void> {
    await this.http.json('DELETE', `/api/v1/account/${segment(name)}/token/${segment(id)}`);
  }

  async canI(resource: string, action: string, object: string): Promise<boolean> {
    const { value } = await this.http.json<{ value: string }>(
      'GET',
      `/api/v1/account/can-i/${segment(resource)}/${segment(action)}/${segment(object)}`,
    );
    return value === 'yes';
  }
}
