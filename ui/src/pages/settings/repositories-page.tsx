/**
 * Repositories and their credentials. Credentials go in (the add form) but
 * never come out: the API returns only whether a repository has them, and
 * the non-secret username.
 */
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.js';
import { repositories } from '../../api/endpoints.js';
import type { RepositoryRequest, RepositoryView } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { Icon } from '../../components/icon.js';
import { EmptyState, ErrorBox, Loading } from '../../components/states.js';
import { useNotify } from '../../components/toasts.js';
import { useAsync } from '../../components/use-async.js';

function AddRepositoryDialog({
  onClose,
  onAdded,
}: {
  readonly onClose: () => void;
  readonly onAdded: (repo: RepositoryView) => void;
}) {
  const [url, setUrl] = useState('');
  const [type, setType] = useState<'git' | 'helm'>('git');
  const [name, setName] = useState('');
  const [project, setProject] = useState('');
  const [auth, setAuth] = useState<'none' | 'password' | 'ssh'>('none');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sshPrivateKey, setSshPrivateKey] = useState('');
  const [template, setTemplate] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request: RepositoryRequest = {
      url: url.trim(),
      type,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(project.trim() ? { project: project.trim() } : {}),
      ...(auth === 'password' ? { username: username.trim(), password } : {}),
      ...(auth === 'ssh' ? { sshPrivateKey } : {}),
      ...(template ? { credentialTemplate: true } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      onAdded(await repositories.add(request));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Add repository"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="repo-form"
            className="button button-primary"
            disabled={busy || !url.trim()}
          >
            {busy ? 'Adding…' : 'Add'}
          </button>
        </>
      }
    >
      <form id="repo-form" className="form" onSubmit={(e) => void submit(e)} autoComplete="off">
        <label className="field">
          <span>URL</span>
          <input
            name="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
            placeholder="https://git.example.com/team/deploy.git"
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={template}
            onChange={(e) => setTemplate(e.target.checked)}
          />
          Credential template: use these credentials for every repository under this URL
        </label>
        <div className="form-row">
          <label className="field">
            <span>Type</span>
            <select
              value={type}
              onChange={(e) => setType(e.target.value === 'helm' ? 'helm' : 'git')}
            >
              <option value="git">Git</option>
              <option value="helm">Helm</option>
            </select>
          </label>
          <label className="field">
            <span>Name (optional)</span>
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>Project (optional)</span>
            <input value={project} onChange={(e) => setProject(e.target.value)} />
          </label>
        </div>
        <fieldset className="form-section">
          <legend>Credentials</legend>
          {(['none', 'password', 'ssh'] as const).map((value) => (
            <label key={value} className="check">
              <input
                type="radio"
                name="auth"
                checked={auth === value}
                onChange={() => setAuth(value)}
              />
              {value === 'none'
                ? 'None (public)'
                : value === 'password'
                  ? 'Username and password or token'
                  : 'SSH private key'}
            </label>
          ))}
          {auth === 'password' && (
            <div className="form-row">
              <label className="field">
                <span>Username</span>
                <input
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  autoComplete="off"
                />
              </label>
              <label className="field">
                <span>Password or token</span>
                <input
                  type="password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  autoComplete="new-password"
                />
              </label>
            </div>
          )}
          {auth === 'ssh' && (
            <label className="field">
              <span>SSH private key</span>
              <textarea
                className="code-input"
                rows={6}
                value={sshPrivateKey}
                onChange={(e) => setSshPrivateKey(e.target.value)}
                spellCheck={false}
              />
            </label>
          )}
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

export function RepositoriesPage() {
  const notify = useNotify();
  const list = useAsync(() => repositories.list(), []);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<RepositoryView>();
  const remove = async (repo: RepositoryView) => {
    try {
      await repositories.remove(repo.url);
      notify(`Repository ${repo.url} removed`);
      setRemoving(undefined);
      list.reload();
    } catch (err) {
      notify(messageOf(err), 'bad');
    }
  };
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Repositories</h1>
        <div className="page-actions">
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" /> Add repository
          </button>
        </div>
      </div>
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading />}
      {list.data?.length === 0 && (
        <EmptyState title="No repositories with credentials">
          <p>Public repositories need no entry. Add one to store its credentials.</p>
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Repositories</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Type</th>
                <th scope="col">Name</th>
                <th scope="col">Project</th>
                <th scope="col">Credentials</th>
                <th scope="col">Secret</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={`${r.credentialType}:${r.url}`}>
                  <th scope="row" className="mono">
                    {r.url}
                    {r.credentialType === 'repo-creds' && (
                      <span className="badge badge-inline tone-info">template</span>
                    )}
                  </th>
                  <td>{r.type}</td>
                  <td>{r.name}</td>
                  <td>{r.project}</td>
                  <td>
                    {r.hasCredentials ? `yes${r.username ? ` (user ${r.username})` : ''}` : 'none'}
                  </td>
                  <td className="mono">{r.secretName}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-small button-danger"
                      onClick={() => setRemoving(r)}
                    >
                      Remove<span className="visually-hidden"> {r.url}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adding && (
        <AddRepositoryDialog
          onClose={() => setAdding(false)}
          onAdded={(repo) => {
            setAdding(false);
            notify(`Repository ${repo.url} added`);
            list.reload();
          }}
        />
      )}
      {removing && (
        <Dialog
          title="Remove repository"
          onClose={() => setRemoving(undefined)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setRemoving(undefined)}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => void remove(removing)}
              >
                Remove
              </button>
            </>
          }
        >
          <p>
            Remove <span className="mono">{removing.url}</span> and its stored credentials?
            Applications that use it keep working only if it is public.
          </p>
        </Dialog>
      )}
    </main>
  );
}
