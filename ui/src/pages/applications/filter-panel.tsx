/** The filter sidebar: status facets with counts, projects, cluster, namespace, labels. */
import { useRef, type ReactNode } from 'react';
import type { AppProject, ClusterView } from '../../api/types.js';
import { DebouncedInput } from '../../components/debounced-input.js';
import { HealthBadge, SyncBadge } from '../../components/status-badge.js';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  HEALTH_CODES,
  SYNC_CODES,
  toggleValue,
  type AppFilters,
} from '../../lib/filters.js';
import type { FacetCounts } from './use-facets.js';
import { nameOf } from '../../lib/app-view.js';

interface Props {
  readonly filters: AppFilters;
  readonly onChange: (filters: AppFilters) => void;
  readonly counts: FacetCounts | undefined;
  readonly projects: readonly AppProject[];
  readonly clusters: readonly ClusterView[];
}

function CheckGroup({
  legend,
  values,
  selected,
  onToggle,
  render,
  counts,
}: {
  readonly legend: string;
  readonly values: readonly string[];
  readonly selected: readonly string[];
  readonly onToggle: (value: string) => void;
  readonly render: (value: string) => ReactNode;
  readonly counts?: (value: string) => number | undefined;
}) {
  return (
    <fieldset className="filter-group">
      <legend>{legend}</legend>
      {values.map((value) => {
        const count = counts?.(value);
        return (
          <label key={value} className="check">
            <input
              type="checkbox"
              checked={selected.includes(value)}
              onChange={() => onToggle(value)}
            />
            {render(value)}
            {count !== undefined && (
              <span className="count" aria-label={`${count} applications`}>
                {count}
              </span>
            )}
          </label>
        );
      })}
    </fieldset>
  );
}

export function FilterPanel({ filters, onChange, counts, projects, clusters }: Props) {
  const active = activeFilterCount(filters);
  // Projects picked from a URL may have no AppProject; keep their box once seen,
  // so unticking it does not make it vanish.
  const seenProjects = useRef(new Set<string>());
  for (const project of filters.projects) seenProjects.current.add(project);
  const projectNames = [
    ...new Set([...projects.map((p) => nameOf(p)), ...seenProjects.current]),
  ].sort();
  const count = (dimension: string) => (code: string) => counts?.get(`${dimension}:${code}`);
  return (
    <aside className="filters" aria-label="Filters">
      <div className="filters-head">
        <h2>Filters</h2>
        {active > 0 && (
          <button type="button" className="button-link" onClick={() => onChange(EMPTY_FILTERS)}>
            Clear ({active})
          </button>
        )}
      </div>
      <CheckGroup
        legend="Sync status"
        values={SYNC_CODES}
        selected={filters.sync}
        onToggle={(v) => onChange({ ...filters, sync: toggleValue(filters.sync, v) })}
        render={(v) => <SyncBadge status={v} />}
        counts={count('sync')}
      />
      <CheckGroup
        legend="Health status"
        values={HEALTH_CODES}
        selected={filters.health}
        onToggle={(v) => onChange({ ...filters, health: toggleValue(filters.health, v) })}
        render={(v) => <HealthBadge status={v} />}
        counts={count('health')}
      />
      {projectNames.length > 0 && (
        <CheckGroup
          legend="Projects"
          values={projectNames}
          selected={filters.projects}
          onToggle={(v) => onChange({ ...filters, projects: toggleValue(filters.projects, v) })}
          render={(v) => <span>{v}</span>}
        />
      )}
      <label className="field">
        <span>Cluster</span>
        <select
          value={filters.cluster}
          onChange={(e) => onChange({ ...filters, cluster: e.target.value })}
        >
          <option value="">Any cluster</option>
          {clusters.map((c) => (
            <option key={c.server} value={c.name || c.server}>
              {c.name ? `${c.name} (${c.server})` : c.server}
            </option>
          ))}
          {filters.cluster &&
            !clusters.some((c) => [c.name, c.server].includes(filters.cluster)) && (
              <option value={filters.cluster}>{filters.cluster}</option>
            )}
        </select>
      </label>
      <DebouncedInput
        label="Namespace"
        value={filters.namespace}
        onCommit={(namespace) => onChange({ ...filters, namespace })}
      />
      <DebouncedInput
        label="Labels"
        value={filters.labels}
        placeholder="team=shop,tier!=db"
        onCommit={(labels) => onChange({ ...filters, labels })}
      />
    </aside>
  );
}
