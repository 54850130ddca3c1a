/**
 * The Casbin model. A request is (subject, resource, action, object); a
 * policy line adds an effect. Roles nest through `g`. Resource, action and
 * object are matched with {@link globMatch} (registered as `keelsonGlob`).
 *
 * Keelson asks two questions of the same policy — "does any line allow?" and
 * "does no line deny?" — so the policy effect is a parameter. Asking them
 * separately lets the enforcer combine a user's name, their groups and the
 * default role and still let a deny for any of them win (see enforcer.ts).
 */
export function modelText(question: 'any-allow' | 'no-deny'): string {
  // Casbin's effector understands only a few fixed expressions; these are two of them.
  const effect =
    question === 'any-allow' ? 'some(where (p.eft == allow))' : '!some(where (p.eft == deny))';
  return `
[request_definition]
r = sub, res, act, obj

[policy_definition]
p = sub, res, act, obj, eft

[role_definition]
g = _, _

[policy_effect]
e = ${effect}

[matchers]
m = g(r.sub, p.sub) && keelsonGlob(r.res, p.res) && keelsonGlob(r.act, p.act) && keelsonGlob(r.obj, p.obj)
`;
}
