/** Projects: the rules applications follow (sources, destinations, kinds). */
import type { AppProject } from '../../api/types.js';
import { applications, projects } from '../../api/endpoints.js';
import { EmptyState, ErrorBox, Loading } from '../../components/states.js';
import { useAsync } from '../../components/use-async.js';
import { destinationLabel } from '../../lib/format.js';
import { Link } from '../../router/router.js';
import { nameOf } from '../../lib/app-view.js';

const projectPath = (name: string) => `/projects/${encodeURIComponent(name)}`;

export function ProjectsPage() {
  const list = useAsync(() => projects.list(), []);
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Projects</h1>
      </div>
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading />}
      {list.data?.length === 0 && (
        <EmptyState title="No projects">
          <p>
            Applications use the <code>default</code> project until you create others (
            <code>keelson proj create</code>).
          </p>
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Projects</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Sources</th>
                <th scope="col">Destinations</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={nameOf(p)}>
                  <th scope="row">
                    <Link to={projectPath(nameOf(p))}>{nameOf(p)}</Link>
                  </th>
                  <td>{p.spec.description}</td>
                  <td className="wrap">{(p.spec.sourceRepos ?? []).join(', ') || '—'}</td>
                  <td className="wrap">
                    {(p.spec.destinations ?? []).map(destinationLabel).join(', ') || '—'}
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

function KindList({
  title,
  kinds,
}: {
  readonly title: string;
  readonly kinds: AppProject['spec']['clusterResourceWhitelist'];
}) {
  if (!kinds) return null;
  return (
    <>
      <dt>{title}</dt>
      <dd className="mono">
        {kinds.length === 0
          ? 'none'
          : kinds.map((k) => `${k.group || 'core'}/${k.kind}`).join(', ')}
      </dd>
    </>
  );
}

export function ProjectPage({ name }: { readonly name: string }) {
  const project = useAsync(() => projects.get(name), [name]);
  const apps = useAsync(
    (signal) => applications.list(new URLSearchParams({ project: name, limit: '100' }), signal),
    [name],
  );
  const p = project.data;
  return (
    <main className="page" id="main">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/projects">Projects</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">{name}</span>
      </nav>
      <h1>Project {name}</h1>
      {project.error !== undefined && <ErrorBox error={project.error} onRetry={project.reload} />}
      {!p && project.loading && <Loading />}
      {p && (
        <section className="panel">
          {p.spec.description && <p>{p.spec.description}</p>}
          <dl className="facts facts-wide">
            <dt>Source repositories</dt>
            <dd className="mono">{(p.spec.sourceRepos ?? []).join(', ') || 'none'}</dd>
            <dt>Destinations</dt>
            <dd className="mono">
              {(p.spec.destinations ?? []).map(destinationLabel).join(', ') || 'none'}
            </dd>
            <KindList title="Cluster kinds allowed" kinds={p.spec.clusterResourceWhitelist} />
            <KindList title="Cluster kinds denied" kinds={p.spec.clusterResourceBlacklist} />
            <KindList title="Namespaced kinds allowed" kinds={p.spec.namespaceResourceWhitelist} />
            <KindList title="Namespaced kinds denied" kinds={p.spec.namespaceResourceBlacklist} />
          </dl>
        </section>
      )}
      <h2>Applications</h2>
      {apps.error !== undefined && <ErrorBox error={apps.error} />}
      {apps.data && apps.data.items.length === 0 && (
        <p className="muted">No applications in this project.</p>
      )}
      {apps.data && apps.data.items.length > 0 && (
        <ul className="link-list">
          {apps.data.items.map((a) => (
            <li key={nameOf(a)}>
              <Link to={`/applications/${encodeURIComponent(nameOf(a))}`}>{nameOf(a)}</Link>
            </li>
          ))}
          {apps.data.total > apps.data.items.length && (
            <li>
              <Link to={`/applications?proj=${encodeURIComponent(name)}`}>
                All {apps.data.total} applications…
              </Link>
            </li>
          )}
        </ul>
      )}
    </main>
  );
}
