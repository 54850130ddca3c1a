import { describe, expect, it } from 'vitest';
import { applicationFromForm, emptyAppForm, formFromApplication, nameProblem } from './app-form.js';

describe('new application form', () => {
  it('builds a minimal Application', () => {
    const app = applicationFromForm({
      ...emptyAppForm(),
      name: ' guestbook ',
      repoURL: 'https://git.example.com/guestbook.git',
      path: 'overlays/dev',
      namespace: 'guestbook-dev',
    });
    expect(app).toEqual({
      apiVersion: 'keelson.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guestbook' },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://git.example.com/guestbook.git',
          targetRevision: 'HEAD',
          path: 'overlays/dev',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook-dev' },
      },
    });
  });

  it('round-trips sync policy and a cluster by name through the YAML tab', () => {
    const form = {
      ...emptyAppForm(),
      name: 'web',
      repoURL: 'https://g/r.git',
      cluster: 'prod',
      clusterByName: true,
      automated: true,
      selfHeal: true,
      createNamespace: true,
    };
    const app = applicationFromForm(form);
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: false, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    });
    expect(app.spec.destination).toEqual({ name: 'prod' });
    expect(formFromApplication(app)).toEqual(form);
  });

  it('refuses what is not an Application', () => {
    expect(formFromApplication('text')).toBeUndefined();
    expect(formFromApplication({ metadata: {} })).toBeUndefined();
  });

  it('checks names as Kubernetes does', () => {
    expect(nameProblem('guestbook-dev')).toBeUndefined();
    expect(nameProblem('')).toBe('Name is required');
    expect(nameProblem('Guestbook')).toMatch(/lowercase/);
    expect(nameProblem('web-')).toMatch(/lowercase/);
  });
});
