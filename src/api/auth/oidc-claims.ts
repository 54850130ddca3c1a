/** Who an SSO login turned out to be, as RBAC sees them. */
export interface OidcIdentity {
  /** The Keelson username (the value of the username claim, `email` by default). */
  readonly username: string;
  /** Values of the group claims (`groups` by default), de-duplicated, in the order received. */
  readonly groups: readonly string[];
  /** The identity provider's `sub`, stable across renames; for the audit log. */
  readonly subject: string;
  readonly issuer: string;
}

export interface ClaimMapping {
  /** The ID token claim that becomes the username. Default `email`. */
  readonly usernameClaim?: string;
  /** Claims whose values are groups (`scopes` of `keelson-rbac-cm`). Default `[groups]`. */
  readonly groupClaims?: readonly string[];
  /**
   * Usernames an SSO login may not take, because local accounts own them and
   * RBAC does not tell the two apart. Default `[admin]`.
   */
  readonly reservedUsernames?: readonly string[];
}

/**
 * Maps verified ID token claims to an identity, or returns the reason it
 * cannot (no username claim, an email the provider says is unverified, or a
 * username reserved for a local account).
 * Groups that are not strings are ignored.
 */
export function identityFromClaims(
  claims: Readonly<Record<string, unknown>>,
  mapping: ClaimMapping = {},
): OidcIdentity | { readonly refused: string } {
  const usernameClaim = mapping.usernameClaim ?? 'email';
  const username = claims[usernameClaim];
  if (typeof username !== 'string' || username.trim() === '')
    return { refused: `the ID token has no "${usernameClaim}" claim to use as the username` };
  // An address the provider has not verified could be anyone's: refuse it as an identity.
  if (usernameClaim === 'email' && claims['email_verified'] === false)
    return { refused: `the email address "${username}" is not verified by the identity provider` };
  if ((mapping.reservedUsernames ?? ['admin']).includes(username))
    return { refused: `the username "${username}" belongs to a local account` };
  const groups = new Set<string>();
  for (const claim of mapping.groupClaims ?? ['groups']) {
    const value = claims[claim];
    for (const group of Array.isArray(value) ? value : [value])
      if (typeof group === 'string' && group !== '') groups.add(group);
  }
  const sub = claims['sub'];
  const iss = claims['iss'];
  return {
    username,
    groups: [...groups],
    subject: typeof sub === 'string' ? sub : '',
    issuer: typeof iss === 'string' ? iss : '',
  };
}
