import { HttpTransport } from './http.js';

/** What `GET /api/v1/settings` tells a client before login. */
export interface ServerSettingsView {
  readonly url?: string;
  readonly oidc?: { readonly name: string; readonly issuer: string };
  readonly version: string;
}

/** Logs in with a local account; returns the session token (a secret: store it, never print it). */
export async function login(
  server: string,
  credentials: { readonly username: string; readonly password: string },
): Promise<string> {
  const { token } = await new HttpTransport(server, undefined).json<{ token: string }>(
    'POST',
    '/api/v1/session',
    { body: credentials },
  );
  return token;
}

/** Ends a session on the server (the token stops working at once). */
export async function logout(server: string, token: string): Promise<void> {
  await new HttpTransport(server, token).json('DELETE', '/api/v1/session');
}

/** The server's public settings: external URL, SSO provider, version. */
export function serverSettings(server: string): Promise<ServerSettingsView> {
  return new HttpTransport(server, undefined).json('GET', '/api/v1/settings');
}
