import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isRecord } from '../core/index.js';
import { generateCa, startLocalCluster, type LocalCluster } from '../testenv/index.js';
import { ClusterConnection, KubeApiError, Kubeconfig, applyObject, deleteObject } from './index.js';

/** A string at `path` inside parsed JSON/YAML, or a test failure naming the path. */
function stringAt(doc: unknown, ...path: (string | number)[]): string {
  let node: unknown = doc;
  for (const step of path) {
    node = Array.isArray(node) ? node[Number(step)] : isRecord(node) ? node[step] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`no string at ${path.join('.')}`);
  return node;
}

const fromBase64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

describe('Kubeconfig against the local control plane', () => {
  let cluster: LocalCluster;
  let admin: ClusterConnection;
  let dir: string;
  /** The cluster's CA, and the admin's client certificate and key, as base64 (kubeconfig form). */
  let caB64: string;
  let adminCertB64: string;
  let adminKeyB64: string;
  let saToken: string;
  const namespace = `kubeconfig-${randomBytes(4).toString('hex')}`;
  const serviceAccount = 'reader';
  const connections: ClusterConnection[] = [];

  /** Connects with `kc`, remembering the connection so that it is closed after the tests. */
  function connect(kc: Kubeconfig): ClusterConnection {
    const conn = ClusterConnection.fromKubeconfig(kc);
    connections.push(conn);
    return conn;
  }

  /** Who the API server thinks the caller is (SelfSubjectReview, allowed for every authenticated user). */
  async function whoAmI(conn: ClusterConnection): Promise<string> {
    const review = await conn.request({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    return stringAt(review, 'status', 'userInfo', 'username');
  }

  /** Writes a one-context kubeconfig file pointing at the local cluster. */
  async function kubeconfigFile(
    name: string,
    cluster: Record<string, unknown>,
    user: Record<string, unknown>,
  ): Promise<string> {
    const path = join(dir, `${name}.yaml`);
    await writeFile(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name, cluster: { server: serverUrl(), ...cluster } }],
        users: [{ name, user }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
      }),
      { mode: 0o600 },
    );
    return path;
  }

  const serverUrl = (): string => cluster.server;
  const adminUser = (): Record<string, unknown> => ({
    'client-certificate-data': adminCertB64,
    'client-key-data': adminKeyB64,
  });

  beforeAll(async () => {
    cluster = await startLocalCluster({ name: 'kubeconfig', ephemeral: true });
    dir = await mkdtemp(join(tmpdir(), 'keelson-kubeconfig-int-'));
    const adminConfig: unknown = JSON.parse(await readFile(cluster.kubeconfigPath, 'utf8'));
    caB64 = stringAt(adminConfig, 'clusters', 0, 'cluster', 'certificate-authority-data');
    adminCertB64 = stringAt(adminConfig, 'users', 0, 'user', 'client-certificate-data');
    adminKeyB64 = stringAt(adminConfig, 'users', 0, 'user', 'client-key-data');

    // A namespace with a service account that may only read (ClusterRole view).
    admin = ClusterConnection.fromKubeconfig(cluster.kubeconfigPath);
    await applyObject(admin, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    await applyObject(admin, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccount, namespace },
    });
    await applyObject(admin, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `${serviceAccount}-view`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace }],
    });
    const tokenRequest = await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    });
    saToken = stringAt(tokenRequest, 'status', 'token');
  });

  afterAll(async () => {
    for (const conn of connections) conn.close();
    if (admin) {
      await deleteObject(admin, { apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(
        () => undefined,
      );
      admin.close();
    }
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("authenticates with the local cluster's own kubeconfig (client certificate)", async () => {
    const kc = Kubeconfig.load({ path: cluster.kubeconfigPath });
    const conn = connect(kc);
    const ns = await conn.request({ method: 'GET', path: '/api/v1/namespaces/default' });
    expect(stringAt(ns, 'metadata', 'name')).toBe('default');
    expect(await whoAmI(conn)).toBe('keelson-admin');
  });

  it('authenticates a registered cluster with a service account token, as that service account', async () => {
    // GIVEN a destination cluster registered with a bearer token and the CA as PEM
    const kc = Kubeconfig.forCluster({
      name: 'local',
      server: serverUrl(),
      bearerToken: saToken,
      caData: fromBase64(caB64),
    });
    const conn = connect(kc);
    // THEN requests run as the service account, with its permissions
    expect(await whoAmI(conn)).toBe(`system:serviceaccount:${namespace}:${serviceAccount}`);
    const list = await conn.request({
      method: 'GET',
      path: `/api/v1/namespaces/${namespace}/configmaps`,
    });
    expect(isRecord(list) && Array.isArray(list.items)).toBe(true);
    const write = conn.request({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-allowed' } },
    });
    await expect(write).rejects.toMatchObject({ status: 403 });
  });

  it('gets the token from an exec credential plugin named in a kubeconfig file', async () => {
    // GIVEN a plugin that prints the service account token as an ExecCredential
    const tokenFile = join(dir, 'sa-token');
    await writeFile(tokenFile, saToken, { mode: 0o600 });
    const plugin = join(dir, 'token-plugin.cjs');
    await writeFile(
      plugin,
      [
        '#!/usr/bin/env node',
        "const token = require('node:fs').readFileSync(process.argv[2], 'utf8').trim();",
        'const { apiVersion } = JSON.parse(process.env.KUBERNETES_EXEC_INFO);',
        "process.stdout.write(JSON.stringify({ apiVersion, kind: 'ExecCredential', status: { token } }));",
        '',
      ].join('\n'),
    );
    await chmod(plugin, 0o755);
    const path = await kubeconfigFile(
      'exec',
      { 'certificate-authority-data': caB64 },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: './token-plugin.cjs',
          args: [tokenFile],
          interactiveMode: 'Never',
        },
      },
    );
    // THEN requests run as the service account
    const conn = connect(Kubeconfig.load({ path }));
    expect(await whoAmI(conn)).toBe(`system:serviceaccount:${namespace}:${serviceAccount}`);
  });

  it('gets a 401 for a wrong token', async () => {
    const kc = Kubeconfig.forCluster({
      name: 'local',
      server: serverUrl(),
      bearerToken: 'not-a-valid-token',
      caData: fromBase64(caB64),
    });
    const err: unknown = await connect(kc)
      .request({ method: 'GET', path: '/api/v1/namespaces/default' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 401 });
  });

  it('verifies the server against the configured CA, unless insecure-skip-tls-verify is set', async () => {
    // GIVEN a CA that did not sign the API server's certificate
    const otherKey = join(dir, 'other-ca.key');
    const otherCert = join(dir, 'other-ca.crt');
    await generateCa(otherKey, otherCert, '/CN=some-other-ca', 1);
    const otherCa = (await readFile(otherCert)).toString('base64');
    // WHEN connecting with it
    const untrusted = connect(
      Kubeconfig.load({
        path: await kubeconfigFile(
          'other-ca',
          { 'certificate-authority-data': otherCa },
          adminUser(),
        ),
      }),
    );
    const err: unknown = await untrusted
      .request({ method: 'GET', path: '/api/v1/namespaces/default' })
      .catch((e: unknown) => e);
    // THEN the TLS handshake fails
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 0, reason: 'NetworkError' });
    expect((err as KubeApiError).apiMessage).toMatch(/certificate/i);

    // AND skipping verification connects
    const insecure = connect(
      Kubeconfig.load({
        path: await kubeconfigFile('insecure', { 'insecure-skip-tls-verify': true }, adminUser()),
      }),
    );
    const ns = await insecure.request({ method: 'GET', path: '/api/v1/namespaces/default' });
    expect(stringAt(ns, 'metadata', 'name')).toBe('default');
  });

  it('checks the server certificate against tls-server-name', async () => {
    // The serving certificate is valid for kubernetes.default.svc, not for other.example.
    const withName = async (name: string): Promise<unknown> =>
      connect(
        Kubeconfig.load({
          path: await kubeconfigFile(
            `name-${name.replace(/\./g, '-')}`,
            { 'certificate-authority-data': caB64, 'tls-server-name': name },
            adminUser(),
          ),
        }),
      )
        .request({ method: 'GET', path: '/api/v1/namespaces/default' })
        .catch((e: unknown) => e);
    expect(stringAt(await withName('kubernetes.default.svc'), 'metadata', 'name')).toBe('default');
    const err = await withName('other.example');
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).apiMessage).toMatch(/other\.example/);
  });
});
