/**
 * The server's settings in Kubernetes: keelson-cm, keelson-secret and
 * keelson-rbac-cm, parsed ({@link parseSettings}), kept fresh
 * ({@link SettingsStore}) and created on first start ({@link bootstrapSettings}).
 */
export {
  SETTINGS_CONFIG_MAP,
  SETTINGS_SECRET,
  readConfigMap,
  readSecret,
  updateSecret,
  type KeyValueObject,
  type SecretChange,
} from './kube-objects.js';
export {
  ADMIN_ACCOUNT,
  SIGNING_KEY,
  REVOKED_SESSIONS_KEY,
  accountSecretKey,
  parseSettings,
  type AccountCapability,
  type LocalAccount,
  type OidcConfig,
  type ServerSettings,
  type TokenRecord,
} from './settings.js';
export { SettingsStore, type SettingsStoreOptions } from './store.js';
export {
  bootstrapSettings,
  readInitialAdminPassword,
  PASSWORD_SOURCE_ANNOTATION,
  type BootstrapOptions,
  type InitialPasswordLookup,
} from './bootstrap.js';
