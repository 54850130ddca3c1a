/** Destination clusters (never their credentials). */
import { applications, clusters } from '../../api/endpoints.js';
import { EmptyState, ErrorBox, Loading } from '../../components/states.js';
import { useAsync } from '../../components/use-async.js';
import { Link } from '../../router/router.js';
import { nameOf } from '../../lib/app-view.js';

const clusterPath = (key: string) => `/clusters/${encodeURIComponent(key)}`;

export function ClustersPage() {
  const list = useAsync(() => clusters.list(), []);
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Clusters</h1>
      </div>
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading />}
      {list.data?.length === 0 && (
        <EmptyState title="No clusters">
          <p>
            Add one with <code>keelson cluster add</code>.
          </p>
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Clusters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Server</th>
                <th scope="col">Namespaces</th>
                <th scope="col">Labels</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.server}>
                  <th scope="row">
                    <Link to={clusterPath(c.name || c.server)}>{c.name || c.server}</Link>
                  </th>
                  <td className="mono">{c.server}</td>
                  <td>{c.namespaces?.join(', ') || 'all'}</td>
                  <td className="mono">
                    {Object.entries(c.labels ?? {})
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

export function ClusterPage({ name }: { readonly name: string }) {
  const cluster = useAsync(() => clusters.get(name), [name]);
  const apps = useAsync(
    (signal) => applications.list(new URLSearchParams({ cluster: name, limit: '100' }), signal),
    [name],
  );
  const c = cluster.data;
  return (
    <main className="page" id="main">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/clusters">Clusters</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{name}</span>
      </nav>
      <h1>Cluster {name}</h1>
      {cluster.error !== undefined && <ErrorBox error={cluster.error} onRetry={cluster.reload} />}
      {!c && cluster.loading && <Loading />}
      {c && (
        <section className="panel">
          <dl className="facts facts-wide">
            <dt>Name</dt>
            <dd>{c.name}</dd>
            <dt>Server</dt>
            <dd className="mono">{c.server}</dd>
            <dt>Namespaces</dt>
            <dd>{c.namespaces?.join(', ') || 'all'}</dd>
            <dt>Stored in</dt>
            <dd className="mono">
              {c.secretName
                ? `Secret ${c.secretName}`
                : 'in-cluster (the controller’s own service account)'}
            </dd>
            {c.labels && Object.keys(c.labels).length > 0 && (
              <>
                <dt>Labels</dt>
                <dd className="mono">
                  {Object.entries(c.labels)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}
                </dd>
              </>
            )}
          </dl>
        </section>
      )}
      <h2>Applications deployed here</h2>
      {apps.error !== undefined && <ErrorBox error={apps.error} />}
      {apps.data && apps.data.items.length === 0 && <p className="muted">None.</p>}
      {apps.data && apps.data.items.length > 0 && (
        <ul className="link-list">
          {apps.data.items.map((a) => (
            <li key={nameOf(a)}>
              <Link to={`/applications/${encodeURIComponent(nameOf(a))}`}>{nameOf(a)}</Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
