import { describe, expect, it } from 'vitest';
import { chooseBackend } from './backend.js';
import type { CliConfig } from './config.js';

const loggedIn: CliConfig = {
  contexts: [
    { name: 'prod', server: 'https://prod.example.com', token: 'prod-token', user: 'alice' },
    { name: 'dev', server: 'https://dev.example.com/', token: 'dev-token' },
  ],
  currentContext: 'prod',
};

describe('chooseBackend', () => {
  it('is direct with nothing configured', () => {
    expect(chooseBackend({}, {}, { contexts: [] })).toEqual({ mode: 'direct' });
  });

  it('is direct with --core, whatever else is set', () => {
    expect(
      chooseBackend({ core: true, server: 'https://x' }, { KEELSON_SERVER: 'https://y' }, loggedIn),
    ).toEqual({ mode: 'direct' });
  });

  it('uses the current context of the config file, with its token and user', () => {
    expect(chooseBackend({}, {}, loggedIn)).toEqual({
      mode: 'server',
      server: 'https://prod.example.com',
      token: 'prod-token',
      context: 'prod',
      user: 'alice',
    });
  });

  it('prefers --server over KEELSON_SERVER over the current context, with the token stored for that server', () => {
    const env = { KEELSON_SERVER: 'https://elsewhere.example.com' };
    expect(chooseBackend({ server: 'https://dev.example.com' }, env, loggedIn)).toMatchObject({
      server: 'https://dev.example.com',
      token: 'dev-token',
      context: 'dev',
    });
    expect(chooseBackend({}, env, loggedIn)).toEqual({
      mode: 'server',
      server: 'https://elsewhere.example.com',
    });
  });

  it('takes KEELSON_AUTH_TOKEN over any stored token', () => {
    const env = { KEELSON_AUTH_TOKEN: 'ci-token' };
    expect(chooseBackend({}, env, loggedIn)).toMatchObject({ token: 'ci-token' });
    expect(chooseBackend({ server: 'https://ci.example.com' }, env, { contexts: [] })).toEqual({
      mode: 'server',
      server: 'https://ci.example.com',
      token: 'ci-token',
    });
  });

  it('is direct when the current context names no known context', () => {
    expect(chooseBackend({}, {}, { contexts: [], currentContext: 'gone' })).toEqual({
      mode: 'direct',
    });
  });
});
