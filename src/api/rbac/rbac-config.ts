import { PolicyError } from './errors.js';

/** Name of the ConfigMap the API server reads its RBAC configuration from. */
export const RBAC_CONFIG_MAP = 'keelson-rbac-cm';

/** The RBAC settings held in `keelson-rbac-cm`. */
export interface RbacConfig {
  /** `policy.csv`: the user policy, in Casbin CSV syntax. Empty when unset. */
  readonly policyCsv: string;
  /** `policy.default`: the role every authenticated user holds; unset means none. */
  readonly defaultRole?: string;
  /**
   * `scopes`: the OIDC claims whose values are matched against `g` lines as
   * group names, written `[groups]` or `[groups, email]`. Default `[groups]`.
   */
  readonly scopes: readonly string[];
}

/** Reads the data of `keelson-rbac-cm`; a missing key takes its default. */
export function parseRbacConfig(data: Readonly<Record<string, string>>): RbacConfig {
  const defaultRole = data['policy.default']?.trim();
  return {
    policyCsv: data['policy.csv'] ?? '',
    ...(defaultRole ? { defaultRole } : {}),
    scopes: parseScopes(data['scopes']),
  };
}

function parseScopes(raw: string | undefined): readonly string[] {
  if (raw === undefined || raw.trim() === '') return ['groups'];
  const text = raw.trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const scopes = inner
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s !== '');
  if (scopes.length === 0 || scopes.some((s) => !/^[A-Za-z0-9_.:/-]+$/.test(s)))
    throw new PolicyError(
      undefined,
      `scopes must be a list of claim names such as [groups, email], not ${JSON.stringify(raw)}`,
    );
  return scopes;
}
