import { describe, expect, it } from 'vitest';
import { ACTIONS, Enforcer, PolicyError, RESOURCES, type Resource } from './index.js';

const objectFor = (resource: Resource): string =>
  resource === 'applications' || resource === 'logs' ? 'shop/web' : 'some-name';

describe('Enforcer: built-in roles matrix', () => {
  const cases = RESOURCES.flatMap((resource) => ACTIONS.map((action) => ({ resource, action })));

  it.each(cases)(
    'role:readonly may $action $resource only when the action is get',
    async ({ resource, action }) => {
      // GIVEN a user who holds role:readonly
      const rbac = await Enforcer.create({ policyCsv: 'g, rita, role:readonly' });
      // WHEN they try the action THEN only get is allowed
      expect(
        rbac.can({ username: 'rita', groups: [] }, resource, action, objectFor(resource)),
      ).toBe(action === 'get');
    },
  );

  it.each(cases)('role:admin may $action $resource', async ({ resource, action }) => {
    const rbac = await Enforcer.create({ policyCsv: 'g, ada, role:admin' });
    expect(rbac.can({ username: 'ada', groups: [] }, resource, action, objectFor(resource))).toBe(
      true,
    );
  });

  it.each(cases)('the local admin account may $action $resource', async ({ resource, action }) => {
    const rbac = await Enforcer.create();
    expect(rbac.can({ username: 'admin', groups: [] }, resource, action, objectFor(resource))).toBe(
      true,
    );
  });

  it.each(cases)('a user with no role may not $action $resource', async ({ resource, action }) => {
    const rbac = await Enforcer.create();
    expect(
      rbac.can({ username: 'nobody', groups: [] }, resource, action, objectFor(resource)),
    ).toBe(false);
  });
});

describe('Enforcer: default role', () => {
  it('gives every subject the default role', async () => {
    // GIVEN policy.default = role:readonly
    const rbac = await Enforcer.create({ defaultRole: 'role:readonly' });
    const anyone = { username: 'newcomer', groups: [] };
    // THEN anyone can read but not sync
    expect(rbac.can(anyone, 'applications', 'get', 'shop/web')).toBe(true);
    expect(rbac.can(anyone, 'applications', 'sync', 'shop/web')).toBe(false);
  });

  it('refuses a default role that the policy does not define', async () => {
    await expect(Enforcer.create({ defaultRole: 'role:readOnly' })).rejects.toThrow(
      /policy\.default "role:readOnly" names no role/,
    );
  });
});

describe('Enforcer: groups from the identity provider', () => {
  const policyCsv = `
p, role:deployer, applications, sync, shop/*, allow
g, shop-team, role:deployer
`;

  it('grants what a group role grants to its members', async () => {
    // GIVEN the OIDC group shop-team holds role:deployer
    const rbac = await Enforcer.create({ policyCsv });
    // WHEN a member of shop-team syncs an application of project shop THEN it is allowed
    expect(
      rbac.can(
        { username: 'ann@example.com', groups: ['shop-team'] },
        'applications',
        'sync',
        'shop/web',
      ),
    ).toBe(true);
    // AND not in another project, and not without the group
    expect(
      rbac.can(
        { username: 'ann@example.com', groups: ['shop-team'] },
        'applications',
        'sync',
        'billing/api',
      ),
    ).toBe(false);
    expect(
      rbac.can(
        { username: 'ann@example.com', groups: ['other'] },
        'applications',
        'sync',
        'shop/web',
      ),
    ).toBe(false);
  });

  it('ignores user and group names that look like roles', async () => {
    // GIVEN an identity provider that reports a group literally called role:admin
    const rbac = await Enforcer.create();
    // THEN it does not make the user an admin
    expect(
      rbac.can({ username: 'mallory', groups: ['role:admin'] }, 'clusters', 'delete', 'prod'),
    ).toBe(false);
    expect(rbac.can({ username: 'role:admin', groups: [] }, 'clusters', 'delete', 'prod')).toBe(
      false,
    );
  });
});

describe('Enforcer: deny wins', () => {
  it('a deny for the user overrides an allow from their group', async () => {
    const rbac = await Enforcer.create({
      policyCsv: `
g, ops, role:admin
p, carol, applications, delete, shop/payments, deny
`,
    });
    const carol = { username: 'carol', groups: ['ops'] };
    expect(rbac.can(carol, 'applications', 'delete', 'shop/payments')).toBe(false);
    expect(rbac.can(carol, 'applications', 'delete', 'shop/web')).toBe(true);
  });

  it('a deny on one group overrides an allow on another group', async () => {
    const rbac = await Enforcer.create({
      policyCsv: `
p, role:deployer, applications, sync, */*, allow
p, contractors, applications, sync, prod/*, deny
g, devs, role:deployer
`,
    });
    const dave = { username: 'dave', groups: ['devs', 'contractors'] };
    expect(rbac.can(dave, 'applications', 'sync', 'prod/api')).toBe(false);
    expect(rbac.can(dave, 'applications', 'sync', 'staging/api')).toBe(true);
  });

  it('a deny overrides the default role', async () => {
    const rbac = await Enforcer.create({
      defaultRole: 'role:readonly',
      policyCsv: 'p, eve, logs, get, */*, deny',
    });
    expect(rbac.can({ username: 'eve', groups: [] }, 'logs', 'get', 'shop/web')).toBe(false);
    expect(rbac.can({ username: 'eve', groups: [] }, 'applications', 'get', 'shop/web')).toBe(true);
  });
});

describe('Enforcer: glob objects', () => {
  it('matches objects with * across the project separator and in names', async () => {
    const rbac = await Enforcer.create({
      policyCsv: `
p, ana, applications, get, shop/*, allow
p, ana, applications, sync, */web-?, allow
p, ana, repositories, get, https://github.com/acme/*, allow
`,
    });
    const ana = { username: 'ana', groups: [] };
    expect(rbac.can(ana, 'applications', 'get', 'shop/anything')).toBe(true);
    expect(rbac.can(ana, 'applications', 'get', 'shopping/web')).toBe(false);
    expect(rbac.can(ana, 'applications', 'sync', 'billing/web-1')).toBe(true);
    expect(rbac.can(ana, 'applications', 'sync', 'billing/web-10')).toBe(false);
    expect(rbac.can(ana, 'repositories', 'get', 'https://github.com/acme/deploy.git')).toBe(true);
    expect(rbac.can(ana, 'repositories', 'get', 'https://github.com/other/deploy.git')).toBe(false);
  });
});

describe('Enforcer: project roles', () => {
  const policyCsv = `
p, proj:shop:deployer, applications, *, shop/*, allow
p, proj:shop:deployer, projects, get, shop, allow
g, bob, proj:shop:deployer
`;

  it('grant within their project only', async () => {
    const rbac = await Enforcer.create({ policyCsv });
    const bob = { username: 'bob', groups: [] };
    expect(rbac.can(bob, 'applications', 'sync', 'shop/web')).toBe(true);
    expect(rbac.can(bob, 'projects', 'get', 'shop')).toBe(true);
    expect(rbac.can(bob, 'applications', 'get', 'billing/api')).toBe(false);
    expect(rbac.can(bob, 'projects', 'get', 'billing')).toBe(false);
    expect(rbac.can(bob, 'clusters', 'get', 'prod')).toBe(false);
  });

  it.each([
    [
      'p, proj:shop:x, applications, get, */*, allow',
      /may only name objects in its project \("shop\/<name>"\), not "\*\/\*"/,
    ],
    ['p, proj:shop:x, applications, get, billing/web, allow', /not "billing\/web"/],
    ['p, proj:shop:x, applications, get, shop*/web, allow', /not "shop\*\/web"/],
    [
      'p, proj:shop:x, clusters, get, *, allow',
      /only grant on applications and logs of project "shop", not on clusters/,
    ],
    ['p, proj:shop:x, *, get, shop/*, allow', /not on \*/],
    ['p, proj:shop:x, projects, update, shop, allow', /may only get its own project "shop"/],
    ['p, proj:sh*:x, applications, get, shop/*, allow', /must name one project, not a pattern/],
    ['g, proj:shop:x, role:admin', /cannot be given another role/],
  ])('cannot reach beyond their project: %s', async (line, message) => {
    const error = await Enforcer.create({ policyCsv: `# header\n${line}` }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).message).toMatch(/^RBAC policy line 2: /);
    expect((error as PolicyError).message).toMatch(message);
  });
});

describe('Enforcer: malformed policy', () => {
  it.each([
    ['p, alice, applications, get, shop/*', 3, /5 values after "p".*found 4/],
    ['p, alice, aplications, get, shop/*, allow', 3, /unknown resource "aplications"/],
    ['p, alice, applications, syncc, shop/*, allow', 3, /unknown action "syncc"/],
    [
      'p, alice, applications, get, shop/*, permit',
      3,
      /unknown effect "permit"; expected allow or deny/,
    ],
    [
      'p, alice, applications, get, shop, allow',
      3,
      /applications objects are named <project>\/<name>/,
    ],
    ['p, , applications, get, shop/*, allow', 3, /the subject is empty/],
    ['x, alice, role:admin', 3, /unknown line type "x"/],
    ['g, alice', 3, /2 values after "g"/],
    ['p, "alice, applications, get, shop/*, allow', 3, /unterminated double quote/],
  ])('names the line of %s', async (bad, line, message) => {
    // GIVEN a policy whose third line is malformed
    const policyCsv = `p, ok, applications, get, */*, allow\n\n${bad}\n`;
    // WHEN it is loaded THEN loading fails naming that line and the problem
    const error = await Enforcer.create({ policyCsv }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).line).toBe(line);
    expect((error as PolicyError).message).toMatch(new RegExp(`^RBAC policy line ${line}: `));
    expect((error as PolicyError).message).toMatch(message);
  });

  it('accepts quoted fields, comments and lines repeating the built-in policy', async () => {
    const rbac = await Enforcer.create({
      policyCsv: `
# readers of a repository whose name has a comma
p, "team, readers", repositories, get, "https://git.example.com/a,b", allow
g, ivy, "team, readers"
p, role:readonly, applications, get, */*, allow
`,
    });
    expect(
      rbac.can(
        { username: 'ivy', groups: [] },
        'repositories',
        'get',
        'https://git.example.com/a,b',
      ),
    ).toBe(true);
  });
});
