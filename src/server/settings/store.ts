import { Enforcer, parseRbacConfig, RBAC_CONFIG_MAP, type RbacConfig } from '../../api/index.js';
import type { ClusterConnection } from '../../cluster/index.js';
import { errorMessage, type Logger } from '../../core/index.js';
import {
  readConfigMap,
  readSecret,
  SETTINGS_CONFIG_MAP,
  SETTINGS_SECRET,
  updateSecret,
  type KeyValueObject,
  type SecretChange,
} from './kube-objects.js';
import { parseSettings, type ServerSettings } from './settings.js';

export interface SettingsStoreOptions {
  readonly connection: ClusterConnection;
  readonly namespace: string;
  readonly logger: Logger;
  /** How often the three objects are re-read (default 3 s). */
  readonly refreshMs?: number;
}

/**
 * The server's view of keelson-cm, keelson-secret and keelson-rbac-cm. They
 * are re-read every few seconds (three GETs, cheaper than three watches to
 * keep healthy), and right after the server writes keelson-secret itself,
 * so edits with kubectl apply without a restart. A policy that does not
 * load keeps the previous enforcer (the error is logged), so a typo cannot
 * lock everyone out or let everyone in.
 */
export class SettingsStore {
  private snapshot: ServerSettings | undefined;
  private enforcerValue: Enforcer | undefined;
  private rbacValue: RbacConfig = { policyCsv: '', scopes: ['groups'] };
  private rbacText: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: SettingsStoreOptions) {}

  /** Loads once (throws when Kubernetes cannot be read) and starts re-reading. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.options.logger.warn('cannot re-read server settings', { error: errorMessage(err) }),
      );
    }, this.options.refreshMs ?? 3_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get settings(): ServerSettings {
    if (!this.snapshot) throw new Error('settings read before SettingsStore.start()');
    return this.snapshot;
  }

  get enforcer(): Enforcer {
    if (!this.enforcerValue) throw new Error('RBAC read before SettingsStore.start()');
    return this.enforcerValue;
  }

  get rbac(): RbacConfig {
    return this.rbacValue;
  }

  /** Re-reads now; concurrent callers share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Read-modify-write of keelson-secret (see {@link updateSecret}), then a
   * read that started after the write, so the caller's next request sees it
   * (a logged-out session must be refused at once).
   */
  async updateSecret(change: (current: KeyValueObject) => SecretChange | undefined): Promise<void> {
    const { connection, namespace } = this.options;
    await updateSecret(connection, namespace, SETTINGS_SECRET, change);
    await this.refreshAfterWrite();
  }

  // A periodic read in flight may have fetched the Secret before the write:
  // sharing it would leave the old snapshot in place for a whole interval.
  // Any read that starts once it is done started after the write.
  private async refreshAfterWrite(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
    await this.refresh();
  }

  private async load(): Promise<void> {
    const { connection, namespace } = this.options;
    // One after the other, ConfigMap first: whoever writes the Secret before
    // the ConfigMap (a password, then the account that uses it) is never
    // seen half-done.
    const cm = await readConfigMap(connection, namespace, SETTINGS_CONFIG_MAP);
    const secret = await readSecret(connection, namespace, SETTINGS_SECRET);
    const rbacCm = await readConfigMap(connection, namespace, RBAC_CONFIG_MAP);
    const next = parseSettings(cm, secret);
    if (next.oidcError && next.oidcError !== this.snapshot?.oidcError)
      this.options.logger.warn('single sign-on is off', { error: next.oidcError });
    this.snapshot = next;
    await this.loadRbac(rbacCm.data);
  }

  private async loadRbac(data: Readonly<Record<string, string>>): Promise<void> {
    const text = JSON.stringify(data);
    if (text === this.rbacText && this.enforcerValue) return;
    this.rbacText = text;
    try {
      const config = parseRbacConfig(data);
      const enforcer = await Enforcer.create({
        policyCsv: config.policyCsv,
        ...(config.defaultRole ? { defaultRole: config.defaultRole } : {}),
      });
      this.rbacValue = config;
      this.enforcerValue = enforcer;
      this.options.logger.info('RBAC policy loaded', { configMap: RBAC_CONFIG_MAP });
    } catch (err) {
      this.options.logger.error('RBAC policy not loaded; keeping the previous one', {
        configMap: RBAC_CONFIG_MAP,
        error: errorMessage(err),
      });
      this.enforcerValue ??= await Enforcer.create();
    }
  }
}
