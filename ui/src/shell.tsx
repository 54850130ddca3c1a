/** The logged-in layout: skip link, navigation bar, user menu, and the routed page. */
import { useEffect, useRef, useState } from 'react';
import { useAuth } from './components/auth-context.js';
import { Icon } from './components/icon.js';
import { EmptyState } from './components/states.js';
import { ThemeToggle } from './components/theme.js';
import { ApplicationPage } from './pages/application/application-page.js';
import { ApplicationsPage } from './pages/applications/applications-page.js';
import { ClusterPage, ClustersPage } from './pages/settings/clusters-page.js';
import { ProjectPage, ProjectsPage } from './pages/settings/projects-page.js';
import { RepositoriesPage } from './pages/settings/repositories-page.js';
import { UserInfoPage } from './pages/settings/user-info-page.js';
import { matchPath } from './router/match.js';
import { Link, navigate, useLocation } from './router/router.js';

const NAV = [
  { to: '/applications', label: 'Applications' },
  { to: '/projects', label: 'Projects' },
  { to: '/repositories', label: 'Repositories' },
  { to: '/clusters', label: 'Clusters' },
] as const;

function Page({ pathname }: { readonly pathname: string }) {
  if (pathname === '/' || pathname === '') return <Redirect to="/applications" />;
  if (pathname === '/applications') return <ApplicationsPage />;
  const app = matchPath('/applications/:name', pathname);
  if (app?.name) return <ApplicationPage key={app.name} name={app.name} />;
  if (pathname === '/projects') return <ProjectsPage />;
  const project = matchPath('/projects/:name', pathname);
  if (project?.name) return <ProjectPage name={project.name} />;
  if (pathname === '/repositories') return <RepositoriesPage />;
  if (pathname === '/clusters') return <ClustersPage />;
  const cluster = matchPath('/clusters/:name', pathname);
  if (cluster?.name) return <ClusterPage name={cluster.name} />;
  if (pathname === '/user-info') return <UserInfoPage />;
  return (
    <main className="page" id="main">
      <EmptyState title="Page not found">
        <p>
          Nothing lives at <code>{pathname}</code>.{' '}
          <Link to="/applications">Go to applications</Link>
        </p>
      </EmptyState>
    </main>
  );
}

function Redirect({ to }: { readonly to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function UserMenu() {
  const { user, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && ref.current?.contains(event.target as Node)) return;
      setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="button-icon"
        aria-expanded={open}
        aria-controls="user-menu-list"
        onClick={() => setOpen(!open)}
      >
        <Icon name="user" />
        <span>{user.username ?? 'user'}</span>
      </button>
      {open && (
        <ul id="user-menu-list" className="menu">
          <li>
            <Link to="/user-info" onClick={() => setOpen(false)}>
              User info
            </Link>
          </li>
          <li>
            <button type="button" className="menu-item" onClick={() => void logout()}>
              Log out
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

export function Shell() {
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/applications" className="brand">
          <span className="logo" aria-hidden="true" />
          Keelson
        </Link>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) => {
              const current = pathname === item.to || pathname.startsWith(`${item.to}/`);
              return (
                <li key={item.to}>
                  <Link to={item.to} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="topbar-end">
          <ThemeToggle />
          <UserMenu />
        </div>
      </header>
      <Page pathname={pathname} />
    </>
  );
}
