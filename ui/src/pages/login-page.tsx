/** Local login (username and password) and, when configured, single sign-on. */
import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client.js';
import { session } from '../api/endpoints.js';
import type { ServerSettings, UserInfo } from '../api/types.js';
import { ThemeToggle } from '../components/theme.js';
import { safeReturnPath } from '../router/match.js';
import { navigate, useLocation } from '../router/router.js';

export function LoginPage({
  user,
  onLoggedIn,
}: {
  readonly user: UserInfo | undefined;
  readonly onLoggedIn: (user: UserInfo) => void;
}) {
  const location = useLocation();
  const returnPath = safeReturnPath(location.search.get('return_url'));
  const [settings, setSettings] = useState<ServerSettings>();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    session.settings().then(setSettings, () => setSettings({}));
  }, []);
  useEffect(() => {
    if (user?.loggedIn) navigate(returnPath, { replace: true });
  }, [user, returnPath]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // The answer also sets the session cookie, which is what the UI uses from now on.
      await session.login(username, password);
      const info = await session.userInfo();
      onLoggedIn(info);
      navigate(returnPath, { replace: true });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <div className="login-theme">
        <ThemeToggle />
      </div>
      <section className="login-card" aria-labelledby="login-title">
        <h1 id="login-title" className="login-title">
          <span className="logo" aria-hidden="true" />
          Keelson
        </h1>
        <p className="muted">GitOps continuous delivery for Kubernetes</p>
        <form onSubmit={submit} className="form" noValidate>
          <label className="field">
            <span>Username</span>
            <input
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoFocus
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={busy || !password}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        {settings?.oidc && (
          <>
            <div className="login-or" role="separator">
              or
            </div>
            <a
              className="button button-block"
              href={`/auth/login?return_url=${encodeURIComponent(returnPath)}`}
            >
              Log in via {settings.oidc.name}
            </a>
          </>
        )}
        <p className="login-hint muted">
          First login: user <code>admin</code>; <code>keelson admin initial-password</code> prints
          the password.
        </p>
        {settings?.version && <p className="login-version muted">Keelson {settings.version}</p>}
      </section>
    </main>
  );
}
