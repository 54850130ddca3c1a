import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CliConfigError,
  configPath,
  contextNameFor,
  currentContext,
  readCliConfig,
  withContext,
  withoutToken,
  writeCliConfig,
} from './config.js';

describe('CLI config file', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'keelson-config-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lives at $KEELSON_CONFIG, else under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ KEELSON_CONFIG: '/x/c.json', XDG_CONFIG_HOME: '/y' })).toBe('/x/c.json');
    expect(configPath({ XDG_CONFIG_HOME: '/y' })).toBe('/y/keelson/config.json');
    expect(configPath({})).toMatch(/\.config\/keelson\/config\.json$/);
  });

  it('is empty when missing, and round-trips contexts with mode 0600 in a 0700 directory', async () => {
    const path = join(dir, 'nested', 'config.json');
    expect(await readCliConfig(path)).toEqual({ contexts: [] });
    const config = withContext(await readCliConfig(path), {
      name: 'keelson.example.com',
      server: 'https://keelson.example.com',
      token: 'secret-token',
      user: 'admin',
    });
    await writeCliConfig(path, config);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    const read = await readCliConfig(path);
    expect(read).toEqual(config);
    expect(currentContext(read)?.token).toBe('secret-token');
    expect(JSON.parse(await readFile(path, 'utf8'))['current-context']).toBe('keelson.example.com');
  });

  it('keeps 0600 when an existing, more open file is rewritten', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{"contexts": []}', { mode: 0o644 });
    await writeCliConfig(path, { contexts: [] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('forgets only the token on logout, and replaces a context of the same name', () => {
    let config = withContext(
      { contexts: [] },
      { name: 'a', server: 'https://a', token: 't1', user: 'admin' },
    );
    config = withContext(config, { name: 'b', server: 'https://b', token: 't2' });
    config = withContext(config, { name: 'a', server: 'https://a', token: 't3', user: 'admin' });
    expect(config.contexts.map((c) => c.name)).toEqual(['b', 'a']);
    expect(config.currentContext).toBe('a');
    const out = withoutToken(config, 'a');
    expect(out.contexts.find((c) => c.name === 'a')).toEqual({
      name: 'a',
      server: 'https://a',
      user: 'admin',
    });
    expect(out.contexts.find((c) => c.name === 'b')?.token).toBe('t2');
  });

  it('names a malformed file in its error', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{"contexts": [{"name": 1}]}');
    await expect(readCliConfig(path)).rejects.toThrow(CliConfigError);
    await expect(readCliConfig(path)).rejects.toThrow(path);
    await writeFile(path, 'not json');
    await expect(readCliConfig(path)).rejects.toThrow(/not valid JSON/);
  });

  it('names a context after the server host', () => {
    expect(contextNameFor('https://keelson.example.com')).toBe('keelson.example.com');
    expect(contextNameFor('http://127.0.0.1:8080')).toBe('127.0.0.1:8080');
  });
});
