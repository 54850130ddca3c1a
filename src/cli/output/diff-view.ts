import type { ApplicationDiff, ResourceDiffView } from '../../service/index.js';
import { colorUnifiedDiff, type Painter } from './color.js';

/** How many resources differ from the live state, by kind of change. */
export interface DiffCounts {
  /** Live, and different from the desired state (OutOfSync). */
  readonly changed: number;
  /** Desired, not live yet (Missing): a sync creates them. */
  readonly added: number;
  /** Live, no longer desired (Extra): a sync with prune deletes them. */
  readonly toPrune: number;
}

export function countDifferences(diff: ApplicationDiff): DiffCounts {
  const count = (status: ResourceDiffView['status']): number =>
    diff.resources.filter((r) => r.status === status).length;
  return { changed: count('OutOfSync'), added: count('Missing'), toPrune: count('Extra') };
}

export function hasDifferences(counts: DiffCounts): boolean {
  return counts.changed + counts.added + counts.toPrune > 0;
}

/** `3 resources differ: 1 changed, 1 added, 1 to prune`, or `no differences`. */
export function formatDiffSummary(counts: DiffCounts): string {
  const total = counts.changed + counts.added + counts.toPrune;
  if (total === 0) return 'no differences\n';
  const parts = [
    [counts.changed, 'changed'],
    [counts.added, 'added'],
    [counts.toPrune, 'to prune'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, what]) => `${n} ${what}`);
  const noun = total === 1 ? 'resource differs' : 'resources differ';
  return `${total} ${noun}: ${parts.join(', ')}\n`;
}

const VERB: Record<ResourceDiffView['status'], string> = {
  Synced: 'in sync',
  OutOfSync: 'changed',
  Missing: 'added',
  Extra: 'to prune',
};

/** `apps/Deployment shop/web`, kubectl-like, `Namespace/shop` for cluster-scoped objects. */
export function resourceTitle(r: {
  readonly group?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string {
  const gk = r.group ? `${r.group}/${r.kind}` : r.kind;
  return r.namespace ? `${gk} ${r.namespace}/${r.name}` : `${gk} ${r.name}`;
}

/**
 * The differing resources, each under a `===== <resource> (<change>) =====`
 * header (as `argocd app diff`), its unified diff coloured by `paint`.
 * Resources in sync are left out.
 */
export function formatApplicationDiff(diff: ApplicationDiff, paint: Painter): string {
  const out: string[] = [];
  for (const r of diff.resources) {
    if (r.status === 'Synced') continue;
    out.push(paint('bold', `===== ${resourceTitle(r)} (${VERB[r.status]}) =====`));
    if (r.message) out.push(paint('yellow', `note: ${r.message}`));
    if (r.diff) out.push(colorUnifiedDiff(r.diff.replace(/\n$/, ''), paint));
    out.push('');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
