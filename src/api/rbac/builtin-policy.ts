/**
 * The built-in policy, loaded before the user's `policy.csv` (which may add to
 * these roles but not remove from them). Same roles as Argo CD:
 * `role:readonly` reads everything, `role:admin` does everything and also
 * holds `role:readonly`; the local `admin` account holds `role:admin`.
 */
export const BUILTIN_POLICY_CSV = `# Built-in roles
p, role:readonly, applications, get, */*, allow
p, role:readonly, logs, get, */*, allow
p, role:readonly, projects, get, *, allow
p, role:readonly, repositories, get, *, allow
p, role:readonly, clusters, get, *, allow
p, role:readonly, accounts, get, *, allow

p, role:admin, applications, *, */*, allow
p, role:admin, logs, *, */*, allow
p, role:admin, projects, *, *, allow
p, role:admin, repositories, *, *, allow
p, role:admin, clusters, *, *, allow
p, role:admin, accounts, *, *, allow

g, role:admin, role:readonly
g, admin, role:admin
`;
