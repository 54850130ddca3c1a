import { randomBytes } from 'node:crypto';
import {
  hashPassword,
  initialAdminPassword,
  INITIAL_ADMIN_SECRET,
  INITIAL_ADMIN_SECRET_KEY,
  type ScryptParams,
} from '../../api/index.js';
import type { ClusterConnection } from '../../cluster/index.js';
import type { Logger } from '../../core/index.js';
import { readSecret, updateSecret } from './kube-objects.js';
import { accountSecretKey, ADMIN_ACCOUNT, SIGNING_KEY } from './settings.js';
import type { SettingsStore } from './store.js';

/** Annotation of keelson-secret saying where the initial admin password came from. */
export const PASSWORD_SOURCE_ANNOTATION = 'keelson.dev/initial-admin-password-source';

export interface BootstrapOptions {
  readonly connection: ClusterConnection;
  readonly namespace: string;
  readonly logger: Logger;
  /** The initial admin password (`KEELSON_ADMIN_PASSWORD`); generated when absent. */
  readonly adminPassword?: string;
  readonly hashParams?: ScryptParams;
}

/**
 * First start in a namespace: creates the JWT signing key and the admin
 * password when keelson-secret lacks them. A generated password is also
 * written in clear to `keelson-initial-admin-secret` for
 * `keelson admin initial-password` (as Argo CD); one from the environment is
 * stored only as a hash. Safe with several replicas: each write is
 * conditional on the key still being absent.
 */
export async function bootstrapSettings(
  store: SettingsStore,
  options: BootstrapOptions,
): Promise<void> {
  if (!store.settings.signingKey) {
    const key = randomBytes(32).toString('hex');
    await store.updateSecret((current) =>
      current.data[SIGNING_KEY] ? undefined : { data: { [SIGNING_KEY]: key } },
    );
  }
  if (store.settings.accounts.get(ADMIN_ACCOUNT)?.passwordHash) return;
  const initial = initialAdminPassword(options.adminPassword);
  const hash = await hashPassword(initial.password, options.hashParams);
  let wrote = false;
  await store.updateSecret((current) => {
    if (current.data[accountSecretKey(ADMIN_ACCOUNT, 'password')]) return undefined;
    wrote = true;
    return {
      data: {
        [accountSecretKey(ADMIN_ACCOUNT, 'password')]: hash,
        [accountSecretKey(ADMIN_ACCOUNT, 'passwordMtime')]: new Date().toISOString(),
      },
      annotations: { [PASSWORD_SOURCE_ANNOTATION]: initial.source },
    };
  });
  if (!wrote) return;
  if (initial.source === 'generated') {
    await updateSecret(options.connection, options.namespace, INITIAL_ADMIN_SECRET, () => ({
      data: { [INITIAL_ADMIN_SECRET_KEY]: initial.password },
    }));
    options.logger.info('generated the initial admin password', {
      secret: `${options.namespace}/${INITIAL_ADMIN_SECRET}`,
      hint: 'keelson admin initial-password',
    });
  } else {
    options.logger.info('set the admin password from KEELSON_ADMIN_PASSWORD');
  }
}

/** What `keelson admin initial-password` finds. */
export type InitialPasswordLookup =
  | { readonly found: true; readonly password: string }
  | { readonly found: false; readonly reason: string };

/** Reads the generated initial admin password, or says why there is none. */
export async function readInitialAdminPassword(
  connection: ClusterConnection,
  namespace: string,
): Promise<InitialPasswordLookup> {
  const initial = await readSecret(connection, namespace, INITIAL_ADMIN_SECRET);
  const password = initial.data[INITIAL_ADMIN_SECRET_KEY];
  if (password) return { found: true, password };
  const settings = await readSecret(connection, namespace, 'keelson-secret');
  const source = settings.annotations[PASSWORD_SOURCE_ANNOTATION];
  if (!settings.data[accountSecretKey(ADMIN_ACCOUNT, 'password')])
    return {
      found: false,
      reason: `no admin password in namespace ${namespace} yet: start keelson server there first`,
    };
  if (source === 'environment')
    return {
      found: false,
      reason:
        'the admin password was set from KEELSON_ADMIN_PASSWORD when the server first started; only its hash is stored',
    };
  return {
    found: false,
    reason: `the Secret ${namespace}/${INITIAL_ADMIN_SECRET} has been deleted (as it should be once the password was changed)`,
  };
}
