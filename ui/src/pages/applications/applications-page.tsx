/**
 * The applications list. Filtering and paging happen on the server (`limit`
 * and `continue`), so a thousand applications cost one page of DOM; live
 * updates patch the visible page at once and refetch it (throttled) when the
 * set of matching applications may have changed.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../api/client.js';
import { applications, clusters, projects } from '../../api/endpoints.js';
import type { Application, ApplicationWatchEvent } from '../../api/types.js';
import { DebouncedInput } from '../../components/debounced-input.js';
import { Icon } from '../../components/icon.js';
import { LiveIndicator, useApplicationStream } from '../../components/live.js';
import { EmptyState, ErrorBox, Loading } from '../../components/states.js';
import { useNotify } from '../../components/toasts.js';
import { useAsync } from '../../components/use-async.js';
import { useEventBatch } from '../../components/use-event-batch.js';
import { useThrottled } from '../../components/use-throttled.js';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  toApiQuery,
  type AppFilters,
} from '../../lib/filters.js';
import { navigate, useLocation } from '../../router/router.js';
import { SyncDialog } from '../application/sync-dialog.js';
import { AppTable, AppTiles, type AppActions } from './app-views.js';
import { CreateApplicationDialog } from './create-dialog.js';
import { FilterPanel } from './filter-panel.js';
import { useFacets } from './use-facets.js';
import { nameOf } from '../../lib/app-view.js';

/** Applications per page: enough to scan, few enough to render instantly. */
export const PAGE_SIZE = 60;
const LIVE_REFETCH_MS = 2000;

interface Paging {
  readonly key: string;
  /** `continue` token of each page visited so far; page 0 has none. */
  readonly tokens: readonly (string | undefined)[];
  readonly index: number;
}

export function ApplicationsPage() {
  const location = useLocation();
  const notify = useNotify();
  const filters = useMemo(() => filtersFromSearch(location.search), [location]);
  const view = location.search.get('view') === 'table' ? 'table' : 'tiles';
  const filterKey = toApiQuery(filters).toString();
  const [paging, setPaging] = useState<Paging>({ key: filterKey, tokens: [undefined], index: 0 });
  // New filters start again at the first page (derived state, set during render).
  if (paging.key !== filterKey) setPaging({ key: filterKey, tokens: [undefined], index: 0 });
  const token = paging.key === filterKey ? paging.tokens[paging.index] : undefined;

  const list = useAsync(
    (signal) =>
      applications.list(toApiQuery(filters, { limit: PAGE_SIZE, continue: token }), signal),
    [filterKey, token],
  );
  const facets = useFacets(filters, filterKey);
  const projectList = useAsync(() => projects.list(), []);
  const clusterList = useAsync(() => clusters.list(), []);
  const [creating, setCreating] = useState(false);
  const [syncing, setSyncing] = useState<Application>();
  const searchRef = useRef<HTMLInputElement>(null);

  const refetch = useThrottled(() => {
    list.reload();
    facets.reload();
  }, LIVE_REFETCH_MS);
  // Live events patch the visible page in batches; any event may change which
  // applications match, so it also schedules a (throttled) refetch.
  const applyEvents = useCallback(
    (events: readonly ApplicationWatchEvent[]) => {
      const latest = new Map(events.map((e) => [nameOf(e.application), e]));
      list.update((page) => {
        if (!page) return page;
        let changed = false;
        const items = page.items.flatMap((a) => {
          const event = latest.get(nameOf(a));
          if (!event) return [a];
          if (event.type === 'DELETED') {
            changed = true;
            return [];
          }
          if (event.application.metadata.resourceVersion === a.metadata.resourceVersion) return [a];
          changed = true;
          return [event.application];
        });
        return changed ? { ...page, items } : page;
      });
      refetch();
    },
    [list, refetch],
  );
  const onEvent = useEventBatch(applyEvents);
  const stream = useApplicationStream(undefined, onEvent);
  // Changes between the page's fetch and the stream's start (or during a
  // reconnection) produce no event for an application that is gone by then:
  // catch up once each time the stream is (re)established.
  useEffect(() => {
    if (stream === 'live') refetch();
  }, [stream, refetch]);

  // "/" focuses the search box, as on GitHub and Argo CD.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable], dialog');
      if (event.key === '/' && !typing) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const setFilters = (next: AppFilters) =>
    navigate(`/applications?${filtersToSearch(next, location.search).toString()}`, {
      replace: true,
    });
  const setView = (next: 'tiles' | 'table') => {
    const params = new URLSearchParams(location.search);
    if (next === 'tiles') params.delete('view');
    else params.set('view', next);
    navigate(`/applications?${params.toString()}`, { replace: true });
  };
  const actions: AppActions = {
    onSync: setSyncing,
    onRefresh: (app) => {
      applications.get(nameOf(app), 'normal').then(
        () => notify(`Refresh of ${nameOf(app)} requested`),
        (err: unknown) => notify(messageOf(err), 'bad'),
      );
    },
  };

  const page = list.data;
  const first = paging.index * PAGE_SIZE;
  return (
    <main className="page page-with-sidebar" id="main">
      <FilterPanel
        filters={filters}
        onChange={setFilters}
        counts={facets.data}
        projects={projectList.data ?? []}
        clusters={clusterList.data ?? []}
      />
      <section className="content" aria-labelledby="apps-title">
        <div className="page-head">
          <h1 id="apps-title">Applications</h1>
          <LiveIndicator state={stream} />
          <div className="page-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => setCreating(true)}
            >
              <Icon name="plus" /> New application
            </button>
          </div>
        </div>
        <div className="toolbar">
          <DebouncedInput
            label="Search"
            type="search"
            hint="/"
            placeholder="Application name"
            value={filters.search}
            inputRef={searchRef}
            onCommit={(search) => setFilters({ ...filters, search })}
          />
          <div className="segmented" role="group" aria-label="View">
            <button type="button" aria-pressed={view === 'tiles'} onClick={() => setView('tiles')}>
              <Icon name="grid" /> Tiles
            </button>
            <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
              <Icon name="list" /> Table
            </button>
          </div>
        </div>
        {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
        {!page && list.loading && <Loading label="Loading applications…" />}
        {page && (
          <>
            <p className="summary" aria-live="polite">
              {page.total === 0
                ? 'No applications'
                : `${first + 1}–${first + page.items.length} of ${page.total} application${page.total === 1 ? '' : 's'}`}
              {list.loading && <span className="muted"> · updating…</span>}
            </p>
            {page.items.length === 0 ? (
              activeFilterCount(filters) > 0 ? (
                <EmptyState title="No applications match these filters">
                  <button
                    type="button"
                    className="button"
                    onClick={() => setFilters(EMPTY_FILTERS)}
                  >
                    Clear filters
                  </button>
                </EmptyState>
              ) : (
                <EmptyState title="No applications yet — create one">
                  <p>
                    An application deploys a path of a Git repository to a cluster and namespace.
                  </p>
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => setCreating(true)}
                  >
                    <Icon name="plus" /> New application
                  </button>
                </EmptyState>
              )
            ) : view === 'tiles' ? (
              <AppTiles apps={page.items} actions={actions} />
            ) : (
              <AppTable apps={page.items} actions={actions} />
            )}
            {(paging.index > 0 || page.continue) && (
              <nav className="pager" aria-label="Pages">
                <button
                  type="button"
                  className="button"
                  disabled={paging.index === 0}
                  onClick={() => setPaging({ ...paging, index: paging.index - 1 })}
                >
                  Previous
                </button>
                <span>Page {paging.index + 1}</span>
                <button
                  type="button"
                  className="button"
                  disabled={!page.continue}
                  onClick={() =>
                    setPaging({
                      ...paging,
                      tokens: [...paging.tokens.slice(0, paging.index + 1), page.continue],
                      index: paging.index + 1,
                    })
                  }
                >
                  Next
                </button>
              </nav>
            )}
          </>
        )}
      </section>
      {creating && (
        <CreateApplicationDialog
          projects={projectList.data ?? []}
          clusters={clusterList.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={(app) => {
            setCreating(false);
            notify(`Application ${nameOf(app)} created`);
            navigate(`/applications/${encodeURIComponent(nameOf(app))}`);
          }}
        />
      )}
      {syncing && (
        <SyncDialog
          app={syncing}
          onClose={() => setSyncing(undefined)}
          onSynced={() => {
            notify(`Sync of ${nameOf(syncing)} requested`);
            setSyncing(undefined);
          }}
        />
      )}
    </main>
  );
}
