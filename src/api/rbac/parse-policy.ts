import { splitCsvLine } from './csv-line.js';
import { PolicyError } from './errors.js';
import {
  ACTIONS,
  PROJECT_SCOPED_RESOURCES,
  RESOURCES,
  isAction,
  isResource,
  parseProjectRole,
  type Effect,
  type Resource,
} from './vocabulary.js';

/** A `p` line: `p, subject, resource, action, object, effect`. */
export interface PolicyRule {
  readonly line: number;
  readonly subject: string;
  readonly resource: Resource | '*';
  readonly action: string;
  readonly object: string;
  readonly effect: Effect;
}

/** A `g` line: `g, member, role` — a user, group or role that holds a role. */
export interface RoleBinding {
  readonly line: number;
  readonly member: string;
  readonly role: string;
}

export interface ParsedPolicy {
  readonly rules: readonly PolicyRule[];
  readonly bindings: readonly RoleBinding[];
}

/**
 * Parses and checks a policy in Casbin CSV syntax. Blank lines and lines
 * starting with `#` are skipped. Every problem throws a {@link PolicyError}
 * naming the 1-based line, so a typo in a ConfigMap is found before it can
 * silently grant or withhold access.
 */
export function parsePolicy(csv: string): ParsedPolicy {
  const rules: PolicyRule[] = [];
  const bindings: RoleBinding[] = [];
  csv.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const fields = splitCsvLine(text);
    if (!fields) throw new PolicyError(line, 'unterminated double quote');
    const [kind, ...values] = fields;
    if (kind === 'p') rules.push(parseRule(line, values));
    else if (kind === 'g') bindings.push(parseBinding(line, values));
    else
      throw new PolicyError(
        line,
        `unknown line type "${kind ?? ''}"; expected "p" (a permission) or "g" (a role assignment)`,
      );
  });
  return { rules, bindings };
}

function parseRule(line: number, values: readonly string[]): PolicyRule {
  if (values.length !== 5)
    throw new PolicyError(
      line,
      `a "p" line has 5 values after "p" (subject, resource, action, object, effect); found ${values.length}`,
    );
  const [subject = '', resource = '', action = '', object = '', effect = ''] = values;
  for (const [name, value] of [
    ['subject', subject],
    ['resource', resource],
    ['action', action],
    ['object', object],
  ] as const) {
    if (value === '') throw new PolicyError(line, `the ${name} is empty`);
  }
  if (resource !== '*' && !isResource(resource))
    throw new PolicyError(
      line,
      `unknown resource "${resource}"; expected one of ${RESOURCES.join(', ')} or *`,
    );
  if (action !== '*' && !isAction(action))
    throw new PolicyError(
      line,
      `unknown action "${action}"; expected one of ${ACTIONS.join(', ')} or *`,
    );
  if (effect !== 'allow' && effect !== 'deny')
    throw new PolicyError(line, `unknown effect "${effect}"; expected allow or deny`);
  if (
    resource !== '*' &&
    PROJECT_SCOPED_RESOURCES.has(resource) &&
    !object.includes('/') &&
    object !== '*'
  )
    throw new PolicyError(
      line,
      `${resource} objects are named <project>/<name> (for example shop/* or */*), not "${object}"`,
    );
  const rule: PolicyRule = { line, subject, resource, action, object, effect };
  checkProjectRoleRule(rule);
  return rule;
}

/**
 * A project role (`proj:<project>:<role>`) may only grant on its own project:
 * applications and logs named `<project>/...`, and reading the project itself.
 * Checked at load time so that no line can widen a project role, the same
 * restriction Argo CD places on roles defined in an AppProject.
 */
function checkProjectRoleRule(rule: PolicyRule): void {
  const projectRole = parseProjectRole(rule.subject);
  if (!projectRole) {
    if (rule.subject.startsWith('proj:'))
      throw new PolicyError(
        rule.line,
        `project role "${rule.subject}" must be written proj:<project>:<role>`,
      );
    return;
  }
  const { project } = projectRole;
  if (/[*?]/.test(project))
    throw new PolicyError(
      rule.line,
      `project role "${rule.subject}" must name one project, not a pattern`,
    );
  if (rule.resource === 'projects') {
    if (rule.object !== project || rule.action !== 'get')
      throw new PolicyError(
        rule.line,
        `project role "${rule.subject}" may only get its own project "${project}"`,
      );
    return;
  }
  if (rule.resource === '*' || !PROJECT_SCOPED_RESOURCES.has(rule.resource))
    throw new PolicyError(
      rule.line,
      `project role "${rule.subject}" may only grant on applications and logs of project "${project}", not on ${rule.resource}`,
    );
  if (!rule.object.startsWith(`${project}/`) || rule.object.length === project.length + 1)
    throw new PolicyError(
      rule.line,
      `project role "${rule.subject}" may only name objects in its project ("${project}/<name>"), not "${rule.object}"`,
    );
}

function parseBinding(line: number, values: readonly string[]): RoleBinding {
  if (values.length !== 2)
    throw new PolicyError(
      line,
      `a "g" line has 2 values after "g" (user or group, role); found ${values.length}`,
    );
  const [member = '', role = ''] = values;
  if (member === '' || role === '')
    throw new PolicyError(line, 'the user or group and the role must not be empty');
  if (member.startsWith('proj:'))
    throw new PolicyError(
      line,
      `project role "${member}" cannot be given another role: it would reach beyond its project`,
    );
  return { line, member, role };
}
