/**
 * The fleet's Git repository: one directory per application
 * (`apps/app-0001/resources.yaml`) with a realistic mix of kinds.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../src/core/index.js';

export const appName = (i: number): string => `app-${String(i).padStart(4, '0')}`;
export const appNamespace = (i: number): string => `fleet-${String(i).padStart(4, '0')}`;

/** About 10 % Deployments, 10 % Services, 25 % Secrets, the rest ConfigMaps. */
export function fleetManifests(resources: number, version = 'v1'): KubeObject[] {
  const deployments = Math.max(1, Math.round(resources * 0.1));
  const services = Math.max(1, Math.round(resources * 0.1));
  const secrets = Math.round(resources * 0.25);
  const configMaps = Math.max(0, resources - deployments - services - secrets);
  const out: KubeObject[] = [];
  for (let i = 0; i < deployments; i++) {
    const labels = { app: `web-${i}` };
    out.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `web-${i}`, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'registry.example/web:1.0',
                ports: [{ containerPort: 8080 }],
                resources: { requests: { cpu: '10m', memory: '16Mi' } },
              },
            ],
          },
        },
      },
    });
  }
  for (let i = 0; i < services; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `web-${i}` },
      spec: {
        selector: { app: `web-${i % deployments}` },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    });
  for (let i = 0; i < secrets; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `secret-${i}` },
      stringData: { token: `token-${i}` },
    });
  for (let i = 0; i < configMaps; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `config-${i}` },
      data: { value: i === 0 ? version : `value-${i}`, payload: 'x'.repeat(200) },
    });
  return out;
}

export async function writeAppDir(
  repoDir: string,
  i: number,
  resources: number,
  version = 'v1',
): Promise<void> {
  const dir = join(repoDir, 'apps', appName(i));
  await mkdir(dir, { recursive: true });
  const yaml = fleetManifests(resources, version)
    .map((o) => stringify(o))
    .join('---\n');
  await writeFile(join(dir, 'resources.yaml'), yaml);
}

export function fleetApplication(i: number, repoURL: string, namespace: string): KubeObject {
  return {
    apiVersion: 'keelson.dev/v1alpha1',
    kind: 'Application',
    metadata: {
      name: appName(i),
      namespace,
      labels: { bench: 'fleet' },
      // A push refreshes only the app whose directory changed (see README, Webhooks).
      annotations: { 'keelson.dev/manifest-generate-paths': '.' },
    },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: 'main', path: `apps/${appName(i)}` },
      destination: { server: 'https://kubernetes.default.svc', namespace: appNamespace(i) },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}
