import { describe, expect, it } from 'vitest';
import type {
  Application,
  AppProject,
  AppProjectSpec,
  ApplicationDestination,
} from '../apis/index.js';
import {
  checkApplicationAgainstProject,
  checkResourcesAgainstProject,
  defaultProject,
  isDestinationPermitted,
  isResourcePermitted,
  isSourcePermitted,
  type ResourceToCheck,
} from './index.js';

const project = (spec: AppProjectSpec, name = 'team-a'): AppProject => ({
  apiVersion: 'keelson.dev/v1alpha1',
  kind: 'AppProject',
  metadata: { name, namespace: 'keelson' },
  spec,
});

const app = (
  repoURL: string,
  destination: ApplicationDestination,
  projectName = 'team-a',
): Application => ({
  apiVersion: 'keelson.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', namespace: 'keelson' },
  spec: { project: projectName, source: { repoURL, path: 'web' }, destination },
});

describe('source repositories', () => {
  const cases: [string, string[], string, boolean][] = [
    ['exact URL', ['https://github.com/org/app'], 'https://github.com/org/app', true],
    [
      'normalized: case, .git, trailing slash',
      ['https://GitHub.com/org/app.git'],
      'https://github.com/ORG/app/',
      true,
    ],
    [
      '* stays in one path segment',
      ['https://github.com/org/*'],
      'https://github.com/org/app',
      true,
    ],
    ['* does not cross /', ['https://github.com/org/*'], 'https://github.com/org/group/app', false],
    ['** crosses /', ['https://github.com/org/**'], 'https://github.com/org/group/app', true],
    ['* alone allows anything', ['*'], 'git@github.com:org/app.git', true],
    ['scp-style SSH URL', ['git@github.com:org/*'], 'git@github.com:org/app.git', true],
    ['another host', ['https://github.com/org/*'], 'https://gitlab.com/org/app', false],
    ['no entries: nothing', [], 'https://github.com/org/app', false],
    [
      'deny wins whatever the order',
      ['!https://github.com/org/secret', 'https://github.com/org/*'],
      'https://github.com/org/secret',
      false,
    ],
    [
      'deny after allow',
      ['https://github.com/org/*', '!https://github.com/org/secret'],
      'https://github.com/org/secret',
      false,
    ],
    [
      'a deny that does not match lets others through',
      ['https://github.com/org/*', '!https://github.com/org/secret'],
      'https://github.com/org/app',
      true,
    ],
    [
      'deny entries alone allow everything else (Argo CD)',
      ['!https://github.com/org/secret'],
      'https://gitlab.com/x/y',
      true,
    ],
    [
      'a ? matches one character',
      ['https://github.com/org/app-?'],
      'https://github.com/org/app-1',
      true,
    ],
    [
      'braces list alternatives',
      ['https://github.com/{org,other}/app'],
      'https://github.com/other/app',
      true,
    ],
  ];
  it.each(cases)('%s', (_, sourceRepos, repo, permitted) => {
    expect(isSourcePermitted(project({ sourceRepos }), repo)).toBe(permitted);
  });
});

describe('destinations', () => {
  const IN = 'https://kubernetes.default.svc';
  const cases: [string, ApplicationDestination[], ApplicationDestination, boolean][] = [
    [
      'server and namespace',
      [{ server: IN, namespace: 'shop' }],
      { server: IN, namespace: 'shop' },
      true,
    ],
    [
      'wrong namespace',
      [{ server: IN, namespace: 'shop' }],
      { server: IN, namespace: 'bank' },
      false,
    ],
    [
      'namespace glob',
      [{ server: IN, namespace: 'team-a-*' }],
      { server: IN, namespace: 'team-a-dev' },
      true,
    ],
    [
      'server glob: * crosses / and .',
      [{ server: 'https://*.example.com:6443', namespace: '*' }],
      { server: 'https://api.prod.example.com:6443', namespace: 'x' },
      true,
    ],
    ['by name', [{ name: 'prod-*', namespace: '*' }], { name: 'prod-eu', namespace: 'web' }, true],
    [
      'an entry by name does not match a destination by server',
      [{ name: 'prod', namespace: '*' }],
      { server: IN, namespace: 'web' },
      false,
    ],
    [
      'by name and server when both are known',
      [{ name: 'in-cluster', namespace: '*' }],
      { name: 'in-cluster', server: IN, namespace: 'web' },
      true,
    ],
    [
      '* namespace covers cluster-scoped (no namespace)',
      [{ server: '*', namespace: '*' }],
      { server: IN },
      true,
    ],
    ['no entries: nothing', [], { server: IN, namespace: 'web' }, false],
    [
      'negated namespace denies',
      [
        { server: '*', namespace: '*' },
        { server: '*', namespace: '!kube-system' },
      ],
      { server: IN, namespace: 'kube-system' },
      false,
    ],
    [
      'negated namespace lets others through',
      [
        { server: '*', namespace: '*' },
        { server: '*', namespace: '!kube-system' },
      ],
      { server: IN, namespace: 'web' },
      true,
    ],
    [
      'negated server denies',
      [
        { server: '*', namespace: '*' },
        { server: '!https://prod.example.com', namespace: '*' },
      ],
      { server: 'https://prod.example.com', namespace: 'web' },
      false,
    ],
  ];
  it.each(cases)('%s', (_, destinations, dst, permitted) => {
    expect(isDestinationPermitted(project({ destinations }), dst)).toBe(permitted);
  });
});

describe('kinds', () => {
  const deployment = { group: 'apps', kind: 'Deployment', namespaced: true };
  const secret = { group: '', kind: 'Secret', namespaced: true };
  const namespace = { group: '', kind: 'Namespace', namespaced: false };
  const clusterRole = {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    namespaced: false,
  };
  const cases: [string, AppProjectSpec, typeof deployment, boolean][] = [
    ['namespaced: allowed when nothing is said', {}, deployment, true],
    [
      'namespaced: blacklisted',
      { namespaceResourceBlacklist: [{ group: '', kind: 'Secret' }] },
      secret,
      false,
    ],
    [
      'namespaced: blacklist of another kind',
      { namespaceResourceBlacklist: [{ group: '', kind: 'Secret' }] },
      deployment,
      true,
    ],
    [
      'namespaced: whitelist lists it',
      { namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }] },
      deployment,
      true,
    ],
    [
      'namespaced: whitelist does not list it',
      { namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }] },
      secret,
      false,
    ],
    [
      'namespaced: empty whitelist allows none',
      { namespaceResourceWhitelist: [] },
      deployment,
      false,
    ],
    [
      'namespaced: the core group is the empty string, not *',
      { namespaceResourceWhitelist: [{ group: '', kind: '*' }] },
      deployment,
      false,
    ],
    ['cluster-scoped: denied when nothing is said', {}, namespace, false],
    [
      'cluster-scoped: whitelisted',
      { clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] },
      namespace,
      true,
    ],
    [
      'cluster-scoped: whitelisted by glob',
      { clusterResourceWhitelist: [{ group: 'rbac.*', kind: 'Cluster*' }] },
      clusterRole,
      true,
    ],
    [
      'cluster-scoped: whitelisted and blacklisted',
      {
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        clusterResourceBlacklist: [{ group: 'rbac.authorization.k8s.io', kind: '*' }],
      },
      clusterRole,
      false,
    ],
    [
      'cluster-scoped: a namespaced whitelist does not count',
      { namespaceResourceWhitelist: [{ group: '*', kind: '*' }] },
      namespace,
      false,
    ],
  ];
  it.each(cases)('%s', (_, spec, kind, permitted) => {
    expect(isResourcePermitted(project(spec), kind)).toBe(permitted);
  });
});

describe('checkApplicationAgainstProject', () => {
  const teamA = project({
    sourceRepos: ['https://github.com/team-a/*'],
    destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'team-a-*' }],
  });

  it('finds nothing wrong with an application that follows the rules', () => {
    const ok = app('https://github.com/team-a/web.git', {
      server: 'https://kubernetes.default.svc',
      namespace: 'team-a-dev',
    });
    expect(checkApplicationAgainstProject(ok, teamA)).toEqual([]);
  });

  it('reports every broken rule, in words', () => {
    const bad = app('https://github.com/team-b/web', {
      server: 'https://kubernetes.default.svc',
      namespace: 'kube-system',
    });
    expect(checkApplicationAgainstProject(bad, teamA)).toEqual([
      {
        type: 'SourceNotPermitted',
        message: 'repository https://github.com/team-b/web is not permitted in project "team-a"',
      },
      {
        type: 'DestinationNotPermitted',
        message:
          'destination cluster https://kubernetes.default.svc, namespace kube-system is not permitted in project "team-a"',
      },
    ]);
  });

  it('matches an application naming its cluster against entries written by server, once the cluster is resolved', () => {
    const byName = app('https://github.com/team-a/web', {
      name: 'in-cluster',
      namespace: 'team-a-dev',
    });
    expect(checkApplicationAgainstProject(byName, teamA).map((v) => v.type)).toEqual([
      'DestinationNotPermitted',
    ]);
    expect(
      checkApplicationAgainstProject(byName, teamA, {
        cluster: { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
      }),
    ).toEqual([]);
  });

  it('reports a project that does not exist', () => {
    const orphan = app(
      'https://github.com/x/y',
      { server: 'https://kubernetes.default.svc' },
      'gone',
    );
    expect(checkApplicationAgainstProject(orphan, undefined)).toEqual([
      { type: 'ProjectNotFound', message: 'project "gone" does not exist' },
    ]);
  });

  it('lets the default project take anything, including applications with no project', () => {
    const anyApp = app('git@gitlab.com:x/y.git', { name: 'prod-eu', namespace: 'anything' }, '');
    expect(checkApplicationAgainstProject(anyApp, defaultProject('keelson'))).toEqual([]);
    expect(
      isResourcePermitted(defaultProject('keelson'), {
        group: '',
        kind: 'Namespace',
        namespaced: false,
      }),
    ).toBe(true);
  });
});

describe('checkResourcesAgainstProject', () => {
  const teamA = project({
    sourceRepos: ['*'],
    destinations: [{ server: '*', namespace: 'team-a-*' }],
    namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }],
  });
  const web = app('https://github.com/team-a/web', {
    server: 'https://kubernetes.default.svc',
    namespace: 'team-a-dev',
  });
  const resource = (
    group: string,
    kind: string,
    namespace: string,
    name: string,
  ): ResourceToCheck => ({
    group,
    kind,
    namespace,
    name,
    namespaced: namespace !== '',
  });

  it('names each resource that may not be deployed, and why', () => {
    const violations = checkResourcesAgainstProject(web, teamA, [
      resource('apps', 'Deployment', 'team-a-dev', 'web'),
      resource('', 'ResourceQuota', 'team-a-dev', 'quota'),
      resource('', 'Namespace', '', 'team-a-dev'),
      resource('', 'ConfigMap', 'kube-system', 'sneaky'),
    ]);
    expect(violations.map((v) => v.message)).toEqual([
      'ResourceQuota/team-a-dev/quota: namespaced kind ResourceQuota is not permitted in project "team-a"',
      'Namespace/team-a-dev: cluster-scoped kind Namespace is not permitted in project "team-a"',
      'ConfigMap/kube-system/sneaky: namespace kube-system is not a permitted destination in project "team-a"',
    ]);
    expect(violations[0]?.resource).toEqual({
      group: '',
      kind: 'ResourceQuota',
      namespace: 'team-a-dev',
      name: 'quota',
    });
  });
});
