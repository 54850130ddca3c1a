/** Who am I (username, groups, how I logged in), change my password, log out. */
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.js';
import { session } from '../../api/endpoints.js';
import { useAuth } from '../../components/auth-context.js';
import { useNotify } from '../../components/toasts.js';

const VIA: Readonly<Record<string, string>> = {
  local: 'local account (password)',
  sso: 'single sign-on',
  token: 'API token',
};

function ChangePassword() {
  const notify = useNotify();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      setError('The new passwords differ');
      return;
    }
    setError(undefined);
    try {
      await session.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      notify('Password changed');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="form panel" onSubmit={(e) => void submit(e)}>
      <h2>Change password</h2>
      <label className="field">
        <span>Current password</span>
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label className="field">
        <span>New password</span>
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Repeat the new password</span>
        <input
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={!current || !next}>
        Change password
      </button>
    </form>
  );
}

export function UserInfoPage() {
  const { user, logout } = useAuth();
  return (
    <main className="page page-narrow" id="main">
      <h1>User info</h1>
      <section className="panel">
        <dl className="facts facts-wide">
          <dt>Username</dt>
          <dd>{user.username}</dd>
          <dt>Logged in via</dt>
          <dd>{user.via ? (VIA[user.via] ?? user.via) : '—'}</dd>
          <dt>Groups</dt>
          <dd>{user.groups?.length ? user.groups.join(', ') : 'none'}</dd>
        </dl>
        <button type="button" className="button" onClick={() => void logout()}>
          Log out
        </button>
      </section>
      {user.via === 'local' && <ChangePassword />}
    </main>
  );
}
