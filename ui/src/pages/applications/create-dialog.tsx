/** "New application": a form, or its YAML for everything the form does not cover. */
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client.js';
import { applications, repositories } from '../../api/endpoints.js';
import type { AppProject, Application, ClusterView } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { Tabs } from '../../components/tabs.js';
import { useAsync } from '../../components/use-async.js';
import {
  applicationFromForm,
  emptyAppForm,
  formFromApplication,
  IN_CLUSTER,
  nameProblem,
  type AppForm,
} from '../../lib/app-form.js';
import { fromYaml, toYaml } from '../../lib/yaml.js';
import { nameOf } from '../../lib/app-view.js';

interface Props {
  readonly projects: readonly AppProject[];
  readonly clusters: readonly ClusterView[];
  readonly onClose: () => void;
  readonly onCreated: (app: Application) => void;
}

export function CreateApplicationDialog({ projects, clusters, onClose, onCreated }: Props) {
  const [mode, setMode] = useState<'form' | 'yaml'>('form');
  const [form, setForm] = useState<AppForm>(() => ({
    ...emptyAppForm(),
    cluster: clusters[0]?.server ?? IN_CLUSTER,
  }));
  const [yaml, setYaml] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const repos = useAsync(() => repositories.list(), []);

  // The YAML tab starts from the form; the form picks up what the YAML says.
  const switchTo = async (next: string) => {
    setError(undefined);
    if (next === 'yaml') {
      setYaml(await toYaml(applicationFromForm(form)));
      setMode('yaml');
    } else if (next === 'form') {
      try {
        const parsed = formFromApplication(await fromYaml(yaml));
        if (parsed) setForm(parsed);
        setMode('form');
      } catch (err) {
        setError(`The YAML does not parse, fix it first: ${messageOf(err)}`);
      }
    }
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setError(undefined);
    let app: Application;
    try {
      if (mode === 'form') {
        const problem = nameProblem(form.name.trim());
        if (problem) throw new Error(problem);
        app = applicationFromForm(form);
      } else {
        app = (await fromYaml(yaml)) as Application;
      }
    } catch (err) {
      setError(messageOf(err));
      return;
    }
    setBusy(true);
    try {
      onCreated(await applications.create(app));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const field = <K extends keyof AppForm>(key: K, value: AppForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  return (
    <Dialog
      title="New application"
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="create-app-form"
            className="button button-primary"
            disabled={busy}
          >
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form id="create-app-form" onSubmit={(e) => void submit(e)} noValidate>
        <Tabs
          label="Edit as"
          tabs={[
            { id: 'form', label: 'Form' },
            { id: 'yaml', label: 'YAML' },
          ]}
          selected={mode}
          onSelect={(id) => void switchTo(id)}
        >
          {mode === 'form' ? (
            <FormFields
              form={form}
              field={field}
              projects={projects}
              clusters={clusters}
              repos={repos.data?.map((r) => r.url) ?? []}
            />
          ) : (
            <label className="field">
              <span>Application YAML</span>
              <textarea
                className="code-input"
                value={yaml}
                onChange={(e) => setYaml(e.target.value)}
                rows={22}
                spellCheck={false}
              />
            </label>
          )}
        </Tabs>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function FormFields({
  form,
  field,
  projects,
  clusters,
  repos,
}: {
  readonly form: AppForm;
  readonly field: <K extends keyof AppForm>(key: K, value: AppForm[K]) => void;
  readonly projects: readonly AppProject[];
  readonly clusters: readonly ClusterView[];
  readonly repos: readonly string[];
}) {
  const [touched, setTouched] = useState(false);
  const problem = touched ? nameProblem(form.name.trim()) : undefined;
  const projectNames = projects.map((p) => nameOf(p));
  if (!projectNames.includes(form.project)) projectNames.unshift(form.project);
  return (
    <div className="form-grid">
      <fieldset className="form-section">
        <legend>General</legend>
        <label className="field">
          <span>Application name</span>
          <input
            name="name"
            value={form.name}
            onChange={(e) => field('name', e.target.value)}
            onBlur={() => setTouched(true)}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? 'create-name-problem' : undefined}
            required
            autoComplete="off"
          />
          {problem && (
            <small id="create-name-problem" className="field-error">
              {problem}
            </small>
          )}
        </label>
        <label className="field">
          <span>Project</span>
          <select
            name="project"
            value={form.project}
            onChange={(e) => field('project', e.target.value)}
          >
            {projectNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset className="form-section">
        <legend>Source</legend>
        <label className="field">
          <span>Repository URL</span>
          <input
            name="repoURL"
            value={form.repoURL}
            onChange={(e) => field('repoURL', e.target.value)}
            list="create-app-repos"
            placeholder="https://git.example.com/team/deploy.git"
            required
          />
          <datalist id="create-app-repos">
            {repos.map((url) => (
              <option key={url} value={url} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Revision</span>
          <input
            name="targetRevision"
            value={form.targetRevision}
            onChange={(e) => field('targetRevision', e.target.value)}
            placeholder="HEAD, a branch, a tag or a commit"
          />
        </label>
        <label className="field">
          <span>Path</span>
          <input
            name="path"
            value={form.path}
            onChange={(e) => field('path', e.target.value)}
            placeholder="overlays/prod"
          />
        </label>
      </fieldset>
      <fieldset className="form-section">
        <legend>Destination</legend>
        <label className="field">
          <span>Cluster{form.clusterByName ? ' (name)' : ' (server URL)'}</span>
          <input
            name="cluster"
            value={form.cluster}
            onChange={(e) => field('cluster', e.target.value)}
            list="create-app-clusters"
          />
          <datalist id="create-app-clusters">
            {clusters.map((c) => (
              <option key={c.server} value={form.clusterByName ? c.name : c.server}>
                {c.name}
              </option>
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Namespace</span>
          <input
            name="namespace"
            value={form.namespace}
            onChange={(e) => field('namespace', e.target.value)}
          />
        </label>
      </fieldset>
      <fieldset className="form-section">
        <legend>Sync policy</legend>
        <label className="check">
          <input
            type="checkbox"
            name="automated"
            checked={form.automated}
            onChange={(e) => field('automated', e.target.checked)}
          />
          Automated sync
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="prune"
            checked={form.prune}
            disabled={!form.automated}
            onChange={(e) => field('prune', e.target.checked)}
          />
          Prune resources no longer in Git
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="selfHeal"
            checked={form.selfHeal}
            disabled={!form.automated}
            onChange={(e) => field('selfHeal', e.target.checked)}
          />
          Self-heal (revert changes made in the cluster)
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="createNamespace"
            checked={form.createNamespace}
            onChange={(e) => field('createNamespace', e.target.checked)}
          />
          Create the namespace if missing
        </label>
      </fieldset>
    </div>
  );
}
