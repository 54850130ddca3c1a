import { API_VERSION, DEFAULT_PROJECT_NAME, type AppProject } from '../apis/index.js';

/**
 * The `default` project, as Argo CD creates it: any repository, any
 * destination (by server or name), any kind, cluster-scoped included.
 * Applications that do not name a project belong to it.
 */
export function defaultProject(namespace: string): AppProject {
  return {
    apiVersion: API_VERSION,
    kind: 'AppProject',
    metadata: { name: DEFAULT_PROJECT_NAME, namespace },
    spec: {
      description: 'Default project: any repository, destination and kind.',
      sourceRepos: ['*'],
      destinations: [{ server: '*', name: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}
