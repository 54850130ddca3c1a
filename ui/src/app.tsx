/**
 * The shell: who is logged in (redirecting to /login when nobody is), the
 * navigation bar, and which page the URL shows.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { onUnauthenticated } from './api/client.js';
import { session } from './api/endpoints.js';
import type { UserInfo } from './api/types.js';
import { AuthContext } from './components/auth-context.js';
import { ErrorBox, Loading } from './components/states.js';
import { ToastProvider } from './components/toasts.js';
import { Shell } from './shell.js';
import { LoginPage } from './pages/login-page.js';
import { navigate, useLocation } from './router/router.js';

export function App() {
  const location = useLocation();
  const [user, setUser] = useState<UserInfo>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    session.userInfo().then(
      (info) => {
        setUser(info);
        setError(undefined);
      },
      (err: unknown) => setError(err),
    );
  }, [generation]);

  useEffect(() => onUnauthenticated(() => setUser({ loggedIn: false })), []);

  const loggedOut = user !== undefined && !user.loggedIn;
  const onLoginPage = location.pathname === '/login';
  useEffect(() => {
    if (loggedOut && !onLoginPage) {
      navigate(`/login?return_url=${encodeURIComponent(location.href)}`, { replace: true });
    }
  }, [loggedOut, onLoginPage, location.href]);

  const logout = useCallback(async () => {
    // The server revokes the session and clears its cookie.
    try {
      await session.logout();
    } finally {
      setUser({ loggedIn: false });
      navigate('/login');
    }
  }, []);
  const auth = useMemo(() => (user?.loggedIn ? { user, logout } : undefined), [user, logout]);

  let page;
  if (onLoginPage) {
    page = <LoginPage user={user} onLoggedIn={setUser} />;
  } else if (error) {
    page = (
      <main className="page page-narrow">
        <ErrorBox title="Keelson" error={error} onRetry={() => setGeneration((g) => g + 1)} />
      </main>
    );
  } else if (!auth) {
    page = <Loading label="Checking your session…" />;
  } else {
    page = (
      <AuthContext.Provider value={auth}>
        <Shell />
      </AuthContext.Provider>
    );
  }
  return <ToastProvider>{page}</ToastProvider>;
}
