/** Sync: which revision, which resources, prune, dry run and one-off sync options. */
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.js';
import { applications } from '../../api/endpoints.js';
import type { Application, SyncRequest } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { SyncBadge } from '../../components/status-badge.js';
import { resourceLabel } from '../../lib/format.js';
import { nameOf } from '../../lib/app-view.js';

const SYNC_OPTIONS = [
  { option: 'Replace=true', label: 'Replace (kubectl replace instead of apply)' },
  { option: 'Force=true', label: 'Force (delete and re-create when replace fails)' },
  { option: 'PruneLast=true', label: 'Prune last (after everything else is healthy)' },
  { option: 'CreateNamespace=true', label: 'Create the namespace if missing' },
  { option: 'Validate=false', label: 'Skip schema validation' },
] as const;

const keyOf = (r: { group?: string; kind: string; namespace?: string; name: string }) =>
  `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

export function SyncDialog({
  app,
  onClose,
  onSynced,
}: {
  readonly app: Application;
  readonly onClose: () => void;
  readonly onSynced: (app: Application) => void;
}) {
  const resources = (app.status?.resources ?? []).filter((r) => !r.hook);
  // A large application's status lists only the resources that need attention first.
  const summary = app.status?.resourcesSummary;
  const unlisted = summary ? summary.total - summary.listed : 0;
  const [revision, setRevision] = useState('');
  const [prune, setPrune] = useState(app.spec.syncPolicy?.automated?.prune === true);
  const [dryRun, setDryRun] = useState(false);
  const [options, setOptions] = useState<readonly string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(
    () => new Set(resources.map(keyOf)),
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const allSelected = selected.size === resources.length;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request: SyncRequest = {
      ...(revision.trim() ? { revision: revision.trim() } : {}),
      prune,
      dryRun,
      ...(options.length ? { syncOptions: options } : {}),
      ...(allSelected
        ? {}
        : {
            resources: resources
              .filter((r) => selected.has(keyOf(r)))
              .map((r) => ({
                group: r.group ?? '',
                kind: r.kind,
                namespace: r.namespace,
                name: r.name,
              })),
          }),
    };
    setBusy(true);
    setError(undefined);
    try {
      onSynced(await applications.sync(nameOf(app), request));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const toggle = (key: string) =>
    setSelected((set) => {
      const next = new Set(set);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <Dialog
      title={`Sync ${nameOf(app)}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="sync-form"
            className="button button-primary"
            disabled={busy || (resources.length > 0 && selected.size === 0)}
          >
            {busy ? 'Requesting…' : dryRun ? 'Dry run' : 'Synchronize'}
          </button>
        </>
      }
    >
      <form id="sync-form" className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Revision</span>
          <input
            name="revision"
            value={revision}
            onChange={(e) => setRevision(e.target.value)}
            placeholder={app.spec.source.targetRevision || 'HEAD'}
          />
          <small className="muted">
            Empty: the target revision ({app.spec.source.targetRevision || 'HEAD'}).
          </small>
        </label>
        <fieldset className="form-section">
          <legend>Options</legend>
          <label className="check">
            <input
              type="checkbox"
              name="prune"
              checked={prune}
              onChange={(e) => setPrune(e.target.checked)}
            />
            Prune (delete resources no longer in Git)
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="dryRun"
              checked={dryRun}
              onChange={(e) => setDryRun(e.target.checked)}
            />
            Dry run (validate with the API server, change nothing)
          </label>
          {SYNC_OPTIONS.map(({ option, label }) => (
            <label key={option} className="check">
              <input
                type="checkbox"
                checked={options.includes(option)}
                onChange={() =>
                  setOptions((all) =>
                    all.includes(option) ? all.filter((o) => o !== option) : [...all, option],
                  )
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        {resources.length > 0 && (
          <fieldset className="form-section">
            <legend>
              Resources ({selected.size} of {resources.length})
            </legend>
            {unlisted > 0 && (
              <p className="note">
                This application has {summary?.total} resources; {unlisted} in sync are not listed
                here. Selecting all syncs every resource.
              </p>
            )}
            <div className="inline-actions">
              <button
                type="button"
                className="button-link"
                onClick={() => setSelected(new Set(resources.map(keyOf)))}
              >
                All
              </button>
              <button
                type="button"
                className="button-link"
                onClick={() =>
                  setSelected(new Set(resources.filter((r) => r.status === 'OutOfSync').map(keyOf)))
                }
              >
                Out of sync
              </button>
              <button type="button" className="button-link" onClick={() => setSelected(new Set())}>
                None
              </button>
            </div>
            <ul className="check-list">
              {resources.map((r) => (
                <li key={keyOf(r)}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={selected.has(keyOf(r))}
                      onChange={() => toggle(keyOf(r))}
                    />
                    <span className="mono">{resourceLabel(r)}</span>
                    {r.status && <SyncBadge status={r.status} />}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
