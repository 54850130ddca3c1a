/** Delete an application, with or without its resources; the name must be typed to confirm. */
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.js';
import { applications } from '../../api/endpoints.js';
import type { Application, DeletionPropagation } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { nameOf } from '../../lib/app-view.js';

const CHOICES: readonly { value: DeletionPropagation; label: string; hint: string }[] = [
  {
    value: 'foreground',
    label: 'Foreground cascade',
    hint: 'Delete the resources first, then the application once they are gone.',
  },
  {
    value: 'background',
    label: 'Background cascade',
    hint: 'Delete the application at once; its resources are deleted right after.',
  },
  {
    value: 'orphan',
    label: 'Non-cascading (orphan)',
    hint: 'Delete only the application; its resources stay in the cluster.',
  },
];

export function DeleteDialog({
  app,
  onClose,
  onDeleted,
}: {
  readonly app: Application;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}) {
  const name = nameOf(app);
  const [propagation, setPropagation] = useState<DeletionPropagation>('foreground');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (typed !== name) return;
    setBusy(true);
    setError(undefined);
    try {
      await applications.delete(name, propagation);
      onDeleted();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Delete ${name}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="delete-form"
            className="button button-danger"
            disabled={busy || typed !== name}
          >
            {busy ? 'Deleting…' : 'Delete'}
          </button>
        </>
      }
    >
      <form id="delete-form" className="form" onSubmit={(e) => void submit(e)}>
        <fieldset className="form-section">
          <legend>What happens to its resources</legend>
          {CHOICES.map((choice) => (
            <label key={choice.value} className="check check-block">
              <input
                type="radio"
                name="propagation"
                value={choice.value}
                checked={propagation === choice.value}
                onChange={() => setPropagation(choice.value)}
              />
              <span>
                <strong>{choice.label}</strong>
                <small className="muted">{choice.hint}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>
            Type <strong className="mono">{name}</strong> to confirm
          </span>
          <input
            name="confirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
