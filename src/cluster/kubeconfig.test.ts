import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Kubeconfig, KubeconfigError } from './index.js';

// Secrets planted in kubeconfigs; no error message may ever contain one.
const TOKEN = 'tok-SECRET-0123456789abcdef';
const PASSWORD = 'pw-SECRET-hunter2hunter2';
const KEY_SECRET = 'S3CRETKEYMATERIAL';
const EXEC_SECRET = 'exec-SECRET-api-key-42';
const SECRETS = [TOKEN, PASSWORD, KEY_SECRET, EXEC_SECRET];

const pem = (label: string, body: string): string =>
  `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const CA_PEM = pem('CERTIFICATE', 'Q0EtT05F');
const CERT_PEM = pem('CERTIFICATE', 'Q0xJRU5U');
const KEY_PEM = pem('EC PRIVATE KEY', KEY_SECRET);
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** Only PATH: the exec plugin scripts need `node`; nothing of this process's KUBECONFIG leaks in. */
const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH });

interface ConfigParts {
  readonly cluster?: Record<string, unknown>;
  readonly user?: Record<string, unknown>;
}

/** A one-context kubeconfig (`dev`) with a token user; `parts` replace or add fields. */
const config = (parts: ConfigParts = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [
    {
      name: 'dev',
      cluster: {
        server: 'https://dev.example:6443',
        'certificate-authority-data': b64(CA_PEM),
        ...parts.cluster,
      },
    },
  ],
  users: [{ name: 'dev-admin', user: parts.user ?? { token: TOKEN } }],
  contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'dev-admin', namespace: 'shop' } }],
  'current-context': 'dev',
});

async function write(path: string, content: string | Record<string, unknown>): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : stringify(content));
  return path;
}

async function applied(kc: Kubeconfig): Promise<https.RequestOptions> {
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  return options;
}

function authorizationOf(options: https.RequestOptions): unknown {
  const headers = options.headers;
  return headers && !Array.isArray(headers)
    ? (headers as Record<string, unknown>).authorization
    : undefined;
}

function loadError(load: () => unknown): KubeconfigError {
  try {
    load();
  } catch (err) {
    if (err instanceof KubeconfigError) return err;
    throw err;
  }
  throw new Error('expected a KubeconfigError');
}

async function applyError(kc: Kubeconfig): Promise<KubeconfigError> {
  const err = await kc.applyToHTTPSOptions({}).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof KubeconfigError) return err;
  throw new Error(`expected a KubeconfigError, got ${String(err)}`);
}

function expectNoSecrets(err: Error): void {
  for (const secret of SECRETS) {
    expect(err.message).not.toContain(secret);
    expect(String(err.stack)).not.toContain(secret);
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keelson-kubeconfig-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Kubeconfig.load: where the kubeconfig comes from', () => {
  it('loads an explicit file: server, CA, client certificate and token', async () => {
    const path = await write(
      join(dir, 'kubeconfig'),
      config({
        user: {
          token: TOKEN,
          'client-certificate-data': b64(CERT_PEM),
          'client-key-data': b64(KEY_PEM),
        },
      }),
    );
    const kc = Kubeconfig.load({ path, env: baseEnv(), homeDir: dir });
    expect(kc.source).toBe(path);
    expect(kc.contextName).toBe('dev');
    expect(kc.getCurrentCluster()).toEqual({ server: 'https://dev.example:6443' });
    const options = await applied(kc);
    expect(options).toMatchObject({ ca: CA_PEM, cert: CERT_PEM, key: KEY_PEM });
    expect(options.rejectUnauthorized).toBe(true);
    expect(authorizationOf(options)).toBe(`Bearer ${TOKEN}`);
    expect(options.auth).toBeUndefined();
  });

  it('keeps the headers a caller already set', async () => {
    const path = await write(join(dir, 'kubeconfig'), config());
    const kc = Kubeconfig.load({ path, env: baseEnv() });
    const options: https.RequestOptions = { headers: { 'user-agent': 'keelson' } };
    await kc.applyToHTTPSOptions(options);
    expect(options.headers).toEqual({ 'user-agent': 'keelson', authorization: `Bearer ${TOKEN}` });
  });

  it('merges the $KUBECONFIG list first-wins, skipping missing files, with paths relative to each file', async () => {
    // GIVEN two files that both define cluster "shared", in different folders
    const first = await write(join(dir, 'a', 'config'), {
      clusters: [{ name: 'shared', cluster: { server: 'https://first.example' } }],
      users: [{ name: 'u', user: { token: TOKEN } }],
      contexts: [{ name: 'one', context: { cluster: 'shared', user: 'u' } }],
      'current-context': 'one',
    });
    await write(join(dir, 'b', 'certs', 'ca.crt'), CA_PEM);
    const second = await write(join(dir, 'b', 'config'), {
      clusters: [
        { name: 'shared', cluster: { server: 'https://second.example' } },
        {
          name: 'other',
          cluster: { server: 'https://other.example', 'certificate-authority': 'certs/ca.crt' },
        },
      ],
      contexts: [{ name: 'two', context: { cluster: 'other', user: 'u' } }],
      'current-context': 'two',
    });
    const env = { ...baseEnv(), KUBECONFIG: [join(dir, 'missing'), first, second].join(':') };
    // WHEN loading without a path
    const kc = Kubeconfig.load({ env, homeDir: dir });
    // THEN the first file's current-context and cluster win
    expect(kc.source).toBe(`${first}:${second}`);
    expect(kc.contextName).toBe('one');
    expect(kc.getCurrentCluster().server).toBe('https://first.example');
    // AND a context from the second file uses the first file's user, and
    // the second file's relative CA path resolves against its own folder
    const two = Kubeconfig.load({ env, homeDir: dir, context: 'two' });
    expect(two.getCurrentCluster().server).toBe('https://other.example');
    const options = await applied(two);
    expect(options.ca).toBe(CA_PEM);
    expect(authorizationOf(options)).toBe(`Bearer ${TOKEN}`);
  });

  it('falls back to ~/.kube/config when no path and no $KUBECONFIG are given', async () => {
    const home = await write(join(dir, '.kube', 'config'), config());
    const kc = Kubeconfig.load({ env: baseEnv(), homeDir: dir });
    expect(kc.source).toBe(home);
    expect(kc.contextName).toBe('dev');
  });

  it('falls back to the in-cluster service account, re-reading its rotating token', async () => {
    // GIVEN a service account mount and the kubelet's environment
    const sa = join(dir, 'serviceaccount');
    await write(join(sa, 'token'), `${TOKEN}\n`);
    await write(join(sa, 'ca.crt'), CA_PEM);
    const env = {
      ...baseEnv(),
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    };
    const kc = Kubeconfig.load({ env, homeDir: dir, serviceAccountDir: sa });
    expect(kc.source).toBe('in-cluster service account');
    expect(kc.getCurrentCluster()).toEqual({ server: 'https://10.96.0.1:443' });
    const options = await applied(kc);
    expect(options.ca).toBe(CA_PEM);
    expect(authorizationOf(options)).toBe(`Bearer ${TOKEN}`);
    // WHEN the kubelet rotates the token
    await writeFile(join(sa, 'token'), 'rotated-token\n');
    // THEN the next call sends the new one
    expect(authorizationOf(await applied(kc))).toBe('Bearer rotated-token');
  });

  it('brackets an IPv6 service host', async () => {
    const sa = join(dir, 'serviceaccount');
    await write(join(sa, 'token'), TOKEN);
    const env = { KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '443' };
    const kc = Kubeconfig.load({ env, homeDir: dir, serviceAccountDir: sa });
    expect(kc.getCurrentCluster().server).toBe('https://[fd00:10:96::1]:443');
  });

  it('uses the requested context instead of current-context', async () => {
    const doc = config();
    const path = await write(join(dir, 'kubeconfig'), {
      ...doc,
      clusters: [
        ...(doc.clusters as unknown[]),
        { name: 'prod', cluster: { server: 'https://prod.example' } },
      ],
      contexts: [
        ...(doc.contexts as unknown[]),
        { name: 'prod', context: { cluster: 'prod', user: 'dev-admin' } },
      ],
    });
    const kc = Kubeconfig.load({ path, context: 'prod', env: baseEnv() });
    expect(kc.contextName).toBe('prod');
    expect(kc.getCurrentCluster().server).toBe('https://prod.example');
  });
});

describe('Kubeconfig: credentials and TLS settings', () => {
  it('reads CA and client certificate files relative to the kubeconfig, not the working directory', async () => {
    await write(join(dir, 'conf', 'pki', 'ca.crt'), CA_PEM);
    await write(join(dir, 'conf', 'pki', 'client.crt'), CERT_PEM);
    await write(join(dir, 'keys', 'client.key'), KEY_PEM);
    const path = await write(
      join(dir, 'conf', 'kubeconfig'),
      config({
        cluster: { 'certificate-authority-data': undefined, 'certificate-authority': 'pki/ca.crt' },
        user: { 'client-certificate': 'pki/client.crt', 'client-key': '../keys/client.key' },
      }),
    );
    const options = await applied(Kubeconfig.load({ path, env: baseEnv() }));
    expect(options).toMatchObject({ ca: CA_PEM, cert: CERT_PEM, key: KEY_PEM });
    expect(authorizationOf(options)).toBeUndefined();
  });

  it('re-reads tokenFile on every call', async () => {
    await write(join(dir, 'token'), 'first-token\n');
    const path = await write(join(dir, 'kubeconfig'), config({ user: { tokenFile: 'token' } }));
    const kc = Kubeconfig.load({ path, env: baseEnv() });
    expect(authorizationOf(await applied(kc))).toBe('Bearer first-token');
    await writeFile(join(dir, 'token'), 'second-token');
    expect(authorizationOf(await applied(kc))).toBe('Bearer second-token');
  });

  it('sends basic auth for username and password', async () => {
    const path = await write(
      join(dir, 'kubeconfig'),
      config({ user: { username: 'alice', password: PASSWORD } }),
    );
    const options = await applied(Kubeconfig.load({ path, env: baseEnv() }));
    expect(options.auth).toBe(`alice:${PASSWORD}`);
    expect(authorizationOf(options)).toBeUndefined();
  });

  it('skips verification only for insecure-skip-tls-verify, and sets the TLS server name', async () => {
    const path = await write(
      join(dir, 'kubeconfig'),
      config({ cluster: { 'insecure-skip-tls-verify': true, 'tls-server-name': 'api.internal' } }),
    );
    const options = await applied(Kubeconfig.load({ path, env: baseEnv() }));
    expect(options.rejectUnauthorized).toBe(false);
    expect(options.ca).toBeUndefined();
    expect(options.servername).toBe('api.internal');
  });

  it('builds a registered destination cluster from PEM text', async () => {
    const kc = Kubeconfig.forCluster({
      name: 'prod-east',
      server: 'https://prod-east.example',
      bearerToken: TOKEN,
      caData: CA_PEM,
      serverName: 'kubernetes.default.svc',
    });
    expect(kc.source).toBe('prod-east');
    expect(kc.contextName).toBe('prod-east');
    const options = await applied(kc);
    expect(options).toMatchObject({ ca: CA_PEM, servername: 'kubernetes.default.svc' });
    expect(options.rejectUnauthorized).toBe(true);
    expect(authorizationOf(options)).toBe(`Bearer ${TOKEN}`);
    const insecure = await applied(
      Kubeconfig.forCluster({ name: 'lab', server: 'https://lab.example', insecure: true }),
    );
    expect(insecure.rejectUnauthorized).toBe(false);
  });

  it('never shows credentials when logged', () => {
    const kc = Kubeconfig.forCluster({
      name: 'x',
      server: 'https://x.example',
      bearerToken: TOKEN,
    });
    expect(JSON.stringify(kc)).not.toContain(TOKEN);
    expect(String(Object.values(kc))).not.toContain(TOKEN);
  });
});

describe('Kubeconfig: errors name the source and never carry secrets', () => {
  const loadCases: readonly {
    readonly name: string;
    readonly content: string | Record<string, unknown>;
    readonly context?: string;
    readonly message: RegExp;
  }[] = [
    {
      name: 'invalid YAML (without quoting the file)',
      content: `users:\n- name: dev-admin\n  user: {token: ${TOKEN}\n`,
      message: /: invalid YAML at line \d+, column \d+$/,
    },
    {
      name: 'no current context',
      content: { ...config(), 'current-context': undefined },
      message: /: no current context: .*\(available: "dev"\)/,
    },
    {
      name: 'unknown context',
      content: config(),
      context: 'staging',
      message: /: context "staging" not found \(available: "dev"\)/,
    },
    {
      name: 'missing cluster',
      content: { ...config(), clusters: [] },
      message: /\(context "dev"\): cluster "dev" not found/,
    },
    {
      name: 'missing user',
      content: { ...config(), users: [] },
      message: /\(context "dev"\): user "dev-admin" not found/,
    },
    {
      name: 'auth-provider',
      content: config({
        user: { 'auth-provider': { name: 'oidc', config: { 'id-token': TOKEN } } },
      }),
      message: /user "dev-admin": auth-provider is not supported .*use an exec credential plugin/,
    },
    {
      name: 'proxy-url',
      content: config({ cluster: { 'proxy-url': 'http://proxy.example:3128' } }),
      message: /cluster "dev": proxy-url is not supported/,
    },
    {
      name: 'impersonation',
      content: config({ user: { token: TOKEN, as: 'system:admin' } }),
      message: /user "dev-admin": impersonation \(as\) is not supported/,
    },
    {
      name: 'token and password together',
      content: config({ user: { token: TOKEN, username: 'alice', password: PASSWORD } }),
      message: /user "dev-admin": set either a token or a username and password, not both/,
    },
    {
      name: 'certificate without key',
      content: config({ user: { 'client-certificate-data': b64(CERT_PEM) } }),
      message: /user "dev-admin": a client certificate needs both a certificate and a key/,
    },
    {
      name: 'key data that is not base64 PEM',
      content: config({
        user: { 'client-certificate-data': b64(CERT_PEM), 'client-key-data': KEY_SECRET },
      }),
      message: /user "dev-admin": client-key-data is not base64-encoded PEM/,
    },
    {
      name: 'a server that is not a URL',
      content: config({ cluster: { server: 'dev.example:6443' } }),
      message: /cluster "dev": server is not an http\(s\) URL/,
    },
    {
      name: 'an exec apiVersion kubectl removed',
      content: config({
        user: {
          exec: { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'login' },
        },
      }),
      message:
        /user "dev-admin": exec.apiVersion "client.authentication.k8s.io\/v1alpha1" is not supported/,
    },
  ];

  for (const c of loadCases) {
    it(`refuses ${c.name}`, async () => {
      const path = await write(join(dir, 'kubeconfig'), c.content);
      const err = loadError(() => Kubeconfig.load({ path, context: c.context, env: baseEnv() }));
      expect(err.source).toBe(path);
      expect(err.message).toMatch(new RegExp(`^kubeconfig ${path}`));
      expect(err.message).toMatch(c.message);
      expectNoSecrets(err);
    });
  }

  it('names a missing file', () => {
    const path = join(dir, 'nope');
    const err = loadError(() => Kubeconfig.load({ path, env: baseEnv() }));
    expect(err.message).toBe(`kubeconfig ${path}: file not found`);
  });

  it('says when none of the $KUBECONFIG files exist', () => {
    const env = { KUBECONFIG: `${join(dir, 'a')}:${join(dir, 'b')}` };
    const err = loadError(() => Kubeconfig.load({ env, homeDir: dir }));
    expect(err.message).toMatch(/none of the files listed in \$KUBECONFIG exist/);
  });

  it('says when there is neither a kubeconfig nor an in-cluster environment', () => {
    const err = loadError(() => Kubeconfig.load({ env: {}, homeDir: dir }));
    expect(err.message).toMatch(
      /\.kube\/config: file not found, \$KUBECONFIG is not set, and this process does not run in a Pod/,
    );
  });

  it('says when the in-cluster token is not mounted, or a context is requested in-cluster', () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const sa = join(dir, 'serviceaccount');
    expect(
      loadError(() => Kubeconfig.load({ env, homeDir: dir, serviceAccountDir: sa })).message,
    ).toMatch(/^kubeconfig in-cluster service account: .*token file .* does not exist/);
    expect(
      loadError(() =>
        Kubeconfig.load({ env, homeDir: dir, serviceAccountDir: sa, context: 'prod' }),
      ).message,
    ).toMatch(/context "prod" not found: the in-cluster configuration has no contexts/);
  });

  it('names an unreadable token file when a request needs it', async () => {
    const path = await write(join(dir, 'kubeconfig'), config({ user: { tokenFile: 'gone' } }));
    const err = await applyError(Kubeconfig.load({ path, env: baseEnv() }));
    expect(err.message).toBe(
      `kubeconfig ${path} (context "dev"): cannot read token file ${join(dir, 'gone')}: file not found`,
    );
  });

  it('refuses a registered cluster whose CA is base64 instead of PEM', () => {
    const err = loadError(() =>
      Kubeconfig.forCluster({ name: 'prod', server: 'https://p.example', caData: b64(CA_PEM) }),
    );
    expect(err.message).toBe('kubeconfig prod: caData is not PEM text');
  });
});

/**
 * An exec credential plugin: counts its runs, records KUBERNETES_EXEC_INFO,
 * and prints what `PLUGIN_MODE` asks for.
 */
const PLUGIN = `#!/usr/bin/env node
const fs = require('node:fs');
const [countFile, infoFile] = process.argv.slice(2);
fs.appendFileSync(countFile, 'run\\n');
fs.writeFileSync(infoFile, process.env.KUBERNETES_EXEC_INFO || '');
const mode = process.env.PLUGIN_MODE || 'token';
if (mode === 'fail') {
  process.stderr.write('login with key ' + process.env.PLUGIN_SECRET + ' refused: account locked\\n');
  process.exit(3);
}
if (mode === 'garbage') {
  process.stdout.write('your token is ' + process.env.PLUGIN_TOKEN);
  process.exit(0);
}
const status = mode === 'cert'
  ? { clientCertificateData: process.env.PLUGIN_CERT, clientKeyData: process.env.PLUGIN_KEY }
  : { token: process.env.PLUGIN_TOKEN };
if (process.env.PLUGIN_EXPIRY) status.expirationTimestamp = process.env.PLUGIN_EXPIRY;
const apiVersion = JSON.parse(process.env.KUBERNETES_EXEC_INFO).apiVersion;
process.stdout.write(JSON.stringify({ apiVersion, kind: 'ExecCredential', status }));
`;

describe('Kubeconfig: exec credential plugins', () => {
  const V1 = 'client.authentication.k8s.io/v1';
  const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

  async function execKubeconfig(
    pluginEnv: Record<string, string>,
    apiVersion = V1,
  ): Promise<{ kc: Kubeconfig; runs: () => Promise<number>; info: () => Promise<unknown> }> {
    await write(join(dir, 'bin', 'plugin.cjs'), PLUGIN);
    await chmod(join(dir, 'bin', 'plugin.cjs'), 0o755);
    const countFile = join(dir, 'runs');
    const infoFile = join(dir, 'exec-info.json');
    const env = Object.entries({ PLUGIN_TOKEN: TOKEN, PLUGIN_SECRET: EXEC_SECRET, ...pluginEnv });
    const path = await write(
      join(dir, 'kubeconfig'),
      config({
        user: {
          exec: {
            apiVersion,
            // Relative with a separator: resolved against the kubeconfig's folder.
            command: './bin/plugin.cjs',
            args: [countFile, infoFile],
            env: env.map(([name, value]) => ({ name, value })),
          },
        },
      }),
    );
    return {
      kc: Kubeconfig.load({ path, env: baseEnv() }),
      runs: async () =>
        (await readFile(countFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).length,
      info: async () => JSON.parse(await readFile(infoFile, 'utf8')) as unknown,
    };
  }

  it('applies the token and reuses it while it has no expiry, even for concurrent calls', async () => {
    const { kc, runs, info } = await execKubeconfig({});
    const [first, second] = await Promise.all([applied(kc), applied(kc)]);
    expect(authorizationOf(first)).toBe(`Bearer ${TOKEN}`);
    expect(authorizationOf(second)).toBe(`Bearer ${TOKEN}`);
    expect(authorizationOf(await applied(kc))).toBe(`Bearer ${TOKEN}`);
    expect(await runs()).toBe(1);
    expect(await info()).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
  });

  it('caches until expirationTimestamp and runs the plugin again once it has passed', async () => {
    const future = await execKubeconfig({
      PLUGIN_EXPIRY: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await applied(future.kc);
    await applied(future.kc);
    expect(await future.runs()).toBe(1);
    await rm(join(dir, 'runs'));
    const expired = await execKubeconfig({ PLUGIN_EXPIRY: '2020-01-01T00:00:00Z' });
    expect(authorizationOf(await applied(expired.kc))).toBe(`Bearer ${TOKEN}`);
    await applied(expired.kc);
    expect(await expired.runs()).toBe(2);
  });

  it('speaks v1beta1 and applies a client certificate from the plugin', async () => {
    const { kc, info } = await execKubeconfig(
      { PLUGIN_MODE: 'cert', PLUGIN_CERT: CERT_PEM, PLUGIN_KEY: KEY_PEM },
      V1BETA1,
    );
    const options = await applied(kc);
    expect(options).toMatchObject({ cert: CERT_PEM, key: KEY_PEM, ca: CA_PEM });
    expect(authorizationOf(options)).toBeUndefined();
    expect(await info()).toMatchObject({ apiVersion: V1BETA1 });
  });

  it('reports a failing plugin with its command and redacted stderr', async () => {
    const { kc } = await execKubeconfig({ PLUGIN_MODE: 'fail' });
    const err = await applyError(kc);
    expect(err.message).toMatch(
      /\(context "dev"\): user "dev-admin": exec credential plugin failed: /,
    );
    expect(err.message).toContain(join(dir, 'bin', 'plugin.cjs'));
    expect(err.message).toContain('exited with code 3');
    expect(err.message).toContain('login with key *** refused: account locked');
    expectNoSecrets(err);
  });

  it('never echoes what a plugin printed when it is not an ExecCredential', async () => {
    const { kc } = await execKubeconfig({ PLUGIN_MODE: 'garbage' });
    const err = await applyError(kc);
    expect(err.message).toMatch(/printed no JSON ExecCredential$/);
    expectNoSecrets(err);
  });

  it('names a plugin that is not installed, with its install hint', async () => {
    const path = await write(
      join(dir, 'kubeconfig'),
      config({
        user: {
          exec: {
            apiVersion: V1,
            command: 'keelson-no-such-plugin',
            installHint: 'brew install it',
          },
        },
      }),
    );
    const err = await applyError(Kubeconfig.load({ path, env: baseEnv() }));
    expect(err.message).toMatch(
      /exec credential plugin keelson-no-such-plugin not found \(brew install it\)$/,
    );
  });
});
