/** Display helpers: revisions, times, destinations. Pure, so they are unit-tested. */

/** The first 7 characters of a commit SHA; other revisions (tags, branches) unchanged. */
export function shortRevision(revision: string | undefined): string {
  if (!revision) return '';
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/** "3 min ago", "2 h ago", "5 d ago"; "just now" under 10 seconds; '' when unknown. */
export function timeAgo(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** An ISO time in the reader's locale, e.g. for `title` attributes and history rows. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Seconds between two times, as "12 s" or "3 min 4 s". */
export function formatDuration(startIso: string, endIso: string | undefined, now = Date.now()) {
  const end = endIso ? Date.parse(endIso) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(startIso)) / 1000));
  if (Number.isNaN(seconds)) return '';
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** `cluster/namespace` of a destination, naming the cluster as the user wrote it. */
export function destinationLabel(destination: {
  readonly server?: string;
  readonly name?: string;
  readonly namespace?: string;
}): string {
  const cluster = destination.name || destination.server || '?';
  return destination.namespace ? `${cluster}/${destination.namespace}` : cluster;
}

/** `Deployment/shop/web` or `Namespace/shop`: the name users know a resource by. */
export function resourceLabel(resource: {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string {
  return resource.namespace
    ? `${resource.kind}/${resource.namespace}/${resource.name}`
    : `${resource.kind}/${resource.name}`;
}
