/** Edit an application's spec as YAML (what `keelson app set` changes, and everything else). */
import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.js';
import { applications } from '../../api/endpoints.js';
import type { Application } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { Loading } from '../../components/states.js';
import { fromYaml, toYaml } from '../../lib/yaml.js';
import { nameOf } from '../../lib/app-view.js';

export function EditDialog({
  app,
  onClose,
  onSaved,
}: {
  readonly app: Application;
  readonly onClose: () => void;
  readonly onSaved: (app: Application) => void;
}) {
  const [text, setText] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void toYaml(app.spec).then(setText);
    // Only the spec at opening time: live updates must not overwrite the user's edits.
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text === undefined) return;
    setError(undefined);
    let spec: unknown;
    try {
      spec = await fromYaml(text);
    } catch (err) {
      setError(messageOf(err));
      return;
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      setError('The spec must be a YAML mapping (source, destination, …)');
      return;
    }
    setBusy(true);
    try {
      const { name, namespace, labels, annotations } = app.metadata;
      onSaved(
        await applications.update({
          apiVersion: app.apiVersion,
          kind: app.kind,
          metadata: { name, namespace, labels, annotations },
          spec: spec as Application['spec'],
        }),
      );
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Edit ${nameOf(app)}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="edit-form"
            className="button button-primary"
            disabled={busy || text === undefined}
          >
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form id="edit-form" className="form" onSubmit={(e) => void submit(e)}>
        {text === undefined ? (
          <Loading />
        ) : (
          <label className="field">
            <span>spec (YAML)</span>
            <textarea
              className="code-input"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={24}
              spellCheck={false}
            />
          </label>
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
