/** Counts per sync and health status under the current filters (one `limit=1` query each). */
import { applications } from '../../api/endpoints.js';
import { useAsync } from '../../components/use-async.js';
import { facetQueries, type AppFilters } from '../../lib/filters.js';

export type FacetCounts = ReadonlyMap<string, number>;

/** Keys are `sync:<code>` and `health:<code>`. */
export function useFacets(filters: AppFilters, filterKey: string) {
  return useAsync<FacetCounts>(
    async (signal) => {
      const queries = facetQueries(filters);
      const totals = await Promise.all(
        queries.map(async ({ query }) => (await applications.list(query, signal)).total),
      );
      return new Map(queries.map((q, i) => [`${q.dimension}:${q.code}`, totals[i] ?? 0]));
    },
    [filterKey],
  );
}
