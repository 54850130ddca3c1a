import { newEnforcer, newModelFromString, type Enforcer as CasbinEnforcer } from 'casbin';
import { BUILTIN_POLICY_CSV } from './builtin-policy.js';
import { PolicyError } from './errors.js';
import { globMatch } from './glob.js';
import { modelText } from './model.js';
import { parsePolicy, type ParsedPolicy } from './parse-policy.js';
import type { Action, Resource } from './vocabulary.js';

/** Who is asking: a local account or SSO user, and the groups their identity provider reported. */
export interface Subject {
  readonly username: string;
  readonly groups: readonly string[];
}

export interface EnforcerOptions {
  /** The user policy (`policy.csv` of `keelson-rbac-cm`), added to the built-in policy. */
  readonly policyCsv?: string;
  /** A role every authenticated subject holds (`policy.default`), e.g. `role:readonly`. */
  readonly defaultRole?: string;
}

const MAX_DECISIONS = 100_000;

// User and group names that would impersonate a role are never used as subjects:
// an identity provider group called "role:admin" must not become the admin role.
const RESERVED_PREFIXES = ['role:', 'proj:'];

/**
 * Decides whether a subject may perform an action on an object. A subject is
 * allowed when at least one line allows it — for their username, any of their
 * groups, or the default role, through any chain of roles — and no line denies
 * it for any of them. Deny always wins, across all of a subject's identities.
 */
export class Enforcer {
  /**
   * Decisions already made. An Enforcer never changes (a new policy makes a
   * new one), so they stay true; listing 10,000 applications asks one
   * question per application, and Casbin's matcher costs tens of
   * microseconds each. Bounded: cleared when full.
   */
  private readonly decisions = new Map<string, boolean>();

  private constructor(
    private readonly anyAllow: CasbinEnforcer,
    private readonly noDeny: CasbinEnforcer,
    private readonly defaultRole: string | undefined,
  ) {}

  /** Loads the built-in policy plus `policyCsv`; throws {@link PolicyError} naming the first bad line. */
  static async create(options: EnforcerOptions = {}): Promise<Enforcer> {
    const builtin = parsePolicy(BUILTIN_POLICY_CSV);
    const user = parsePolicy(options.policyCsv ?? '');
    const defaultRole = options.defaultRole?.trim() || undefined;
    if (defaultRole && !definesRole(defaultRole, builtin, user))
      throw new PolicyError(
        undefined,
        `policy.default "${defaultRole}" names no role of the policy (for example role:readonly)`,
      );
    const [anyAllow, noDeny] = await Promise.all([
      load('any-allow', builtin, user),
      load('no-deny', builtin, user),
    ]);
    return new Enforcer(anyAllow, noDeny, defaultRole);
  }

  /** True when `subject` may perform `action` on `object` (`<project>/<name>` for applications and logs). */
  can(subject: Subject, resource: Resource, action: Action, object: string): boolean {
    const identities = [subject.username, ...subject.groups].filter(
      (name) => name !== '' && RESERVED_PREFIXES.every((p) => !name.startsWith(p)),
    );
    if (this.defaultRole) identities.push(this.defaultRole);
    const key = JSON.stringify([identities, resource, action, object]);
    const known = this.decisions.get(key);
    if (known !== undefined) return known;
    const ask = (enforcer: CasbinEnforcer, who: string): boolean =>
      enforcer.enforceSync(who, resource, action, object);
    const allowed =
      identities.some((who) => ask(this.anyAllow, who)) &&
      identities.every((who) => ask(this.noDeny, who));
    if (this.decisions.size >= MAX_DECISIONS) this.decisions.clear();
    this.decisions.set(key, allowed);
    return allowed;
  }
}

async function load(
  question: 'any-allow' | 'no-deny',
  ...policies: readonly ParsedPolicy[]
): Promise<CasbinEnforcer> {
  const enforcer = await newEnforcer(newModelFromString(modelText(question)));
  await enforcer.addFunction('keelsonGlob', (value: unknown, pattern: unknown) =>
    typeof value === 'string' && typeof pattern === 'string' ? globMatch(value, pattern) : false,
  );
  const rules = unique(
    policies.flatMap((p) =>
      p.rules.map((r) => [r.subject, r.resource, r.action, r.object, r.effect]),
    ),
  );
  const bindings = unique(policies.flatMap((p) => p.bindings.map((b) => [b.member, b.role])));
  if (rules.length) await enforcer.addPolicies(rules);
  if (bindings.length) await enforcer.addGroupingPolicies(bindings);
  return enforcer;
}

function definesRole(role: string, ...policies: readonly ParsedPolicy[]): boolean {
  return policies.some(
    (p) =>
      p.rules.some((r) => r.subject === role) ||
      p.bindings.some((b) => b.member === role || b.role === role),
  );
}

// Casbin's addPolicies adds nothing when one rule already exists, and a user
// policy may well repeat a built-in line.
function unique(rows: string[][]): string[][] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = JSON.stringify(row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
