import { projectOf, type Application } from '../apis/index.js';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER, normalizeServer } from '../credentials/index.js';
import { InvalidRequestError } from './errors.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';
import type { ApplicationList, ApplicationListQuery } from './types.js';

/** Decides whether the caller may see an application (RBAC), before paging. */
export type ApplicationVisibility = (app: Application) => boolean;

const nameOf = (app: Application): string => app.metadata.name ?? '';

/** The opaque `continue` token: the last name of the previous page, base64url. */
export function continueToken(lastName: string): string {
  return Buffer.from(lastName, 'utf8').toString('base64url');
}

function afterName(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(token))
    throw new InvalidRequestError(`continue token ${JSON.stringify(token)} is not valid`);
  const name = Buffer.from(token, 'base64url').toString('utf8');
  // A token we issued always decodes to an object name.
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
    throw new InvalidRequestError(`continue token ${JSON.stringify(token)} is not valid`);
  return name;
}

/** One filter per set query field; the query's filters combined with AND. */
function filterOf(query: ApplicationListQuery): (app: Application) => boolean {
  const checks: ((app: Application) => boolean)[] = [];
  if (query.projects?.length) {
    const projects = new Set(query.projects);
    checks.push((app) => projects.has(projectOf(app)));
  }
  if (query.selector) {
    const selector = parseLabelSelector(query.selector);
    checks.push((app) => matchesLabels(selector, app.metadata.labels));
  }
  if (query.search) {
    const needle = query.search.toLowerCase();
    checks.push((app) => nameOf(app).toLowerCase().includes(needle));
  }
  if (query.sync?.length) {
    const codes = new Set(query.sync);
    checks.push((app) => codes.has(app.status?.sync?.status ?? 'Unknown'));
  }
  if (query.health?.length) {
    const codes = new Set(query.health);
    checks.push((app) => codes.has(app.status?.health?.status ?? 'Unknown'));
  }
  if (query.cluster) checks.push(clusterFilter(query.cluster));
  if (query.namespace) {
    const namespace = query.namespace;
    checks.push((app) => app.spec.destination.namespace === namespace);
  }
  return (app) => checks.every((check) => check(app));
}

/** Matches the destination by name or server; `in-cluster` and its URL are one cluster. */
function clusterFilter(cluster: string): (app: Application) => boolean {
  const wanted = new Set([cluster, normalizeServer(cluster)]);
  if (wanted.has(IN_CLUSTER_NAME) || wanted.has(IN_CLUSTER_SERVER)) {
    wanted.add(IN_CLUSTER_NAME);
    wanted.add(IN_CLUSTER_SERVER);
  }
  return (app) => {
    const { name, server } = app.spec.destination;
    return (!!name && wanted.has(name)) || (!!server && wanted.has(normalizeServer(server)));
  };
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || limit === 0) return undefined;
  if (!Number.isInteger(limit) || limit < 0)
    throw new InvalidRequestError(`limit must be a positive whole number, got ${limit}`);
  return limit;
}

/**
 * Filters and pages applications sorted by name (the caller sorts; the
 * cache keeps them sorted). One pass: O(n) for n applications, whatever the
 * page, so the first page of 10,000 is as cheap as the last. `visible`
 * (RBAC) is applied before paging, so pages are full and `total` counts only
 * what the caller may see.
 */
export function queryApplications(
  sortedByName: readonly Application[],
  query: ApplicationListQuery = {},
  visible?: ApplicationVisibility,
): ApplicationList {
  const limit = checkLimit(query.limit);
  const after = afterName(query.continue);
  const matches = filterOf(query);
  const items: Application[] = [];
  let total = 0;
  let more = false;
  for (const app of sortedByName) {
    if (!matches(app) || (visible && !visible(app))) continue;
    total++;
    if (after !== undefined && nameOf(app) <= after) continue;
    if (limit === undefined || items.length < limit) items.push(app);
    else more = true;
  }
  const last = items[items.length - 1];
  return more && last ? { items, total, continue: continueToken(nameOf(last)) } : { items, total };
}

/** Sorts by name, the order of every list (code-unit order, as the `continue` comparison). */
export function sortByName<T extends { readonly metadata: { readonly name?: string } }>(
  items: readonly T[],
): T[] {
  return [...items].sort((a, b) => {
    const x = a.metadata.name ?? '';
    const y = b.metadata.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
