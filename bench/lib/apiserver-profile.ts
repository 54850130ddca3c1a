/**
 * Where the API server's time went: its request counters and latency sums
 * from `/metrics`, grouped by verb, resource and dry run, as a difference
 * between two readings. On the 2-core bench machine the API server is
 * CPU-bound, so the time it spends per class of request is the best guide
 * to which of Keelson's requests to cut.
 */
import type { ClusterConnection } from '../../src/cluster/index.js';

/** Counters per request class (`VERB resource[/subresource][ dry-run]`). */
export type RequestProfile = ReadonlyMap<string, { count: number; seconds: number }>;

const SAMPLE = /^apiserver_request_(total|duration_seconds_sum)\{([^}]*)\} ([0-9.e+-]+)$/;

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="([^"]*)"/g)) labels[m[1] ?? ''] = m[2] ?? '';
  return labels;
}

function classOf(labels: Record<string, string>): string {
  const resource = labels.subresource
    ? `${labels.resource}/${labels.subresource}`
    : labels.resource;
  const dryRun = labels.dry_run ? ' dry-run' : '';
  return `${labels.verb} ${resource ?? '?'}${dryRun}`;
}

/** Reads the API server's request counters now. */
export async function readRequestProfile(conn: ClusterConnection): Promise<RequestProfile> {
  const text = (await conn.request({
    method: 'GET',
    path: '/metrics',
    accept: 'text/plain',
    responseType: 'text',
  })) as string;
  const profile = new Map<string, { count: number; seconds: number }>();
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels = labelsOf(m[2] ?? '');
    if (labels.verb === 'WATCH' || labels.verb === 'CONNECT') continue;
    const key = classOf(labels);
    const entry = profile.get(key) ?? { count: 0, seconds: 0 };
    if (m[1] === 'total') entry.count += Number(m[3]);
    else entry.seconds += Number(m[3]);
    profile.set(key, entry);
  }
  return profile;
}

/** `after - before` as Markdown-ish lines, the classes that took most time first. */
export function formatProfileDelta(
  before: RequestProfile,
  after: RequestProfile,
  top = 20,
): string[] {
  const rows = [...after].map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, seconds: 0 };
    return { key, count: a.count - b.count, seconds: a.seconds - b.seconds };
  });
  const total = rows.reduce(
    (sum, r) => ({ count: sum.count + r.count, seconds: sum.seconds + r.seconds }),
    {
      count: 0,
      seconds: 0,
    },
  );
  const lines = [`requests ${total.count}, summed latency ${total.seconds.toFixed(1)} s`];
  for (const r of rows.sort((x, y) => y.seconds - x.seconds).slice(0, top)) {
    if (r.count === 0) continue;
    lines.push(
      `${r.key.padEnd(48)} ${String(r.count).padStart(8)}  ${r.seconds.toFixed(1).padStart(8)} s  ${((r.seconds / r.count) * 1000).toFixed(1)} ms each`,
    );
  }
  return lines;
}
