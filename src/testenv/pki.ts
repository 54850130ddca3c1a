import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../exec/index.js';

/** Paths of the certificates and keys of one local cluster. */
export interface ClusterPki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

const OPENSSL_TIMEOUT_MS = 30_000;
/** A new ECDSA P-256 key, unencrypted: fast to make and accepted by every component. */
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A new self-signed certificate authority (ECDSA P-256), valid for `days`. */
export async function generateCa(
  keyPath: string,
  certPath: string,
  subject: string,
  days = 3650,
): Promise<void> {
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    String(days),
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/**
 * Generates a fresh certificate authority, an API server serving certificate
 * (valid for localhost, 127.0.0.1 and the in-cluster `kubernetes` names), an
 * admin client certificate in `system:masters`, and a service-account signing
 * key pair. Keys are ECDSA P-256: fast to make and accepted by every component.
 */
export async function generateClusterPki(dir: string): Promise<ClusterPki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pki = pkiLayout(dir);
  await generateCa(pki.caKey, pki.caCert, '/CN=keelson-local-ca');
  const sans = [
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
    'IP:127.0.0.1',
    'IP:10.96.0.1',
  ].join(',');
  await issue(pki, pki.servingKey, pki.servingCert, '/CN=kube-apiserver', [
    `subjectAltName=${sans}`,
    'extendedKeyUsage=serverAuth',
  ]);
  await issue(pki, pki.adminKey, pki.adminCert, '/O=system:masters/CN=keelson-admin', [
    'extendedKeyUsage=clientAuth',
  ]);
  await openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-out',
    pki.serviceAccountKey,
  ]);
  await openssl(['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;
}

async function issue(
  pki: ClusterPki,
  keyPath: string,
  certPath: string,
  subject: string,
  extensions: readonly string[],
): Promise<void> {
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '3650',
    '-subj',
    subject,
    '-CA',
    pki.caCert,
    '-CAkey',
    pki.caKey,
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    ...extensions.flatMap((e) => ['-addext', e]),
  ]);
}

async function openssl(args: readonly string[]): Promise<void> {
  await runTool('openssl', args, { timeoutMs: OPENSSL_TIMEOUT_MS });
}

/** Where the files of a cluster's PKI live under `dir`. */
export function pkiLayout(dir: string): ClusterPki {
  const p = (name: string): string => join(dir, name);
  return {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    servingCert: p('apiserver.crt'),
    servingKey: p('apiserver.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    serviceAccountKey: p('sa.key'),
    serviceAccountPub: p('sa.pub'),
  };
}

/** Writes a kubeconfig that authenticates with the admin client certificate. */
export async function writeAdminKubeconfig(
  path: string,
  pki: ClusterPki,
  server: string,
  name: string,
): Promise<void> {
  const b64 = async (file: string): Promise<string> => (await readFile(file)).toString('base64');
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': await b64(pki.caCert) } }],
    users: [
      {
        name: `${name}-admin`,
        user: {
          'client-certificate-data': await b64(pki.adminCert),
          'client-key-data': await b64(pki.adminKey),
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
    'current-context': name,
  };
  await writeFile(path, JSON.stringify(kubeconfig, null, 2), { mode: 0o600 });
}
