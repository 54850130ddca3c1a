import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './testing.js';

const keelson = runCliCaptured;

/** `Kind/name` of each YAML document. */
function kindsAndNames(yaml: string): string[] {
  return parseAllDocuments(yaml).map((doc) => {
    const o = doc.toJS() as { kind: string; metadata: { name: string } };
    return `${o.kind}/${o.metadata.name}`;
  });
}

describe('keelson install --dry-run', () => {
  it('prints the CRDs and the controller manifests as YAML without a cluster', async () => {
    // --kubeconfig points nowhere: a dry run must not need a cluster
    const { code, stdout, stderr } = await keelson(
      'install',
      '--dry-run',
      '--image',
      'registry.local/keelson:dev',
      '--kubeconfig',
      '/nonexistent',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(kindsAndNames(stdout)).toEqual([
      'CustomResourceDefinition/applications.keelson.dev',
      'CustomResourceDefinition/appprojects.keelson.dev',
      'Namespace/keelson',
      'ServiceAccount/keelson-application-controller',
      'Role/keelson-application-controller',
      'RoleBinding/keelson-application-controller',
      'ClusterRole/keelson-application-controller',
      'ClusterRoleBinding/keelson-application-controller',
      'Deployment/keelson-application-controller',
      'Service/keelson-application-controller-metrics',
    ]);
    expect(stdout).toContain('image: registry.local/keelson:dev\n');
  });

  it('sets the memory limit from --memory-limit, and refuses one too small to run', async () => {
    const { stdout } = await keelson('install', '--dry-run', '--memory-limit', '2048');
    expect(stdout).toContain('memory: 2048Mi\n');
    const { code, stderr } = await keelson('install', '--dry-run', '--memory-limit', 'lots');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^keelson: memory limit: expected a whole number of MiB >= 256, got NaN/,
    );
  });

  it('with --crds-only prints only the CRDs', async () => {
    const { stdout } = await keelson('install', '--crds-only', '--dry-run');
    expect(kindsAndNames(stdout)).toEqual([
      'CustomResourceDefinition/applications.keelson.dev',
      'CustomResourceDefinition/appprojects.keelson.dev',
    ]);
  });

  it('refuses a namespace that is not its own before touching anything', async () => {
    const { code, stderr } = await keelson('install', '--dry-run', '--namespace', 'kube-system');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^keelson: namespace kube-system: Keelson needs a namespace of its own/);
  });

  it('says in its help that the image is not built here', async () => {
    const { stdout } = await keelson('help', 'install');
    expect(stdout).toContain('ghcr.io/keelson-dev/keelson:');
    expect(stdout).toMatch(/none is built from this repository/);
  });
});
