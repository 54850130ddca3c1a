import { describe, expect, it } from 'vitest';
import { identityFromClaims } from './index.js';

describe('identityFromClaims', () => {
  const claims = {
    iss: 'https://idp.example.com',
    sub: '248289761001',
    email: 'jane@example.com',
    email_verified: true,
    groups: ['shop-team', 'ops', 'shop-team', 42],
    roles: 'auditors',
  };

  it('uses the email as username and the groups claim as groups', () => {
    expect(identityFromClaims(claims)).toEqual({
      username: 'jane@example.com',
      groups: ['shop-team', 'ops'],
      subject: '248289761001',
      issuer: 'https://idp.example.com',
    });
  });

  it('reads groups from every configured claim', () => {
    const identity = identityFromClaims(claims, { groupClaims: ['groups', 'roles'] });
    expect(identity).toMatchObject({ groups: ['shop-team', 'ops', 'auditors'] });
  });

  it.each([
    [
      { ...claims, email: undefined },
      {},
      'the ID token has no "email" claim to use as the username',
    ],
    [
      { ...claims, email_verified: false },
      {},
      'the email address "jane@example.com" is not verified by the identity provider',
    ],
    [
      { ...claims, preferred_username: 'admin' },
      { usernameClaim: 'preferred_username' },
      'the username "admin" belongs to a local account',
    ],
  ])('refuses claims that cannot name a user safely (%#)', (input, mapping, refused) => {
    expect(identityFromClaims(input, mapping)).toEqual({ refused });
  });
});
