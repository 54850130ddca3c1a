/**
 * The fleet's Git repository: one directory per application
 * (`apps/app-0001/resources.yaml`) with a realistic mix of kinds.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../src/core/index.js';

/** `app-0042`: application `i`'s name and directory. */
export const appName = (i: number): string => `app-${String(i).padStart(4, '0')}`;
/** `fleet-0042`: application `i`'s destination namespace. */
export const appNamespace = (i: number): string => `fleet-${String(i).padStart(4, '0')}`;

/** Shares of an application's resources by kind; ConfigMaps make up the rest. */
export interface ManifestMix {
  readonly deployments: number;
  readonly services: number;
  readonly secrets: number;
}

/** The fleet's apps: 10 % Deployments, 10 % Services, 25 % Secrets, the rest ConfigMaps. */
export const FLEET_MIX: ManifestMix = { deployments: 0.1, services: 0.1, secrets: 0.25 };

/**
 * `resources` objects in the proportions of `mix` (at least one Deployment
 * and one Service). ConfigMap `config-0` holds `version` in `data.value`: the
 * value the scenarios change by commit and watch for.
 */
export function fleetManifests(
  resources: number,
  version = 'v1',
  mix: ManifestMix = FLEET_MIX,
): KubeObject[] {
  const deployments = Math.max(1, Math.round(resources * mix.deployments));
  const services = Math.max(1, Math.round(resources * mix.services));
  const secrets = Math.round(resources * mix.secrets);
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

/** Options of {@link writeAppDir}. */
export interface AppDirOptions {
  /** `data.value` of ConfigMap `config-0` (default `v1`). */
  readonly version?: string;
  readonly mix?: ManifestMix;
}

/** Writes app `i`'s manifests to `apps/<appName(i)>/resources.yaml` (not committed). */
export async function writeAppDir(
  repoDir: string,
  i: number,
  resources: number,
  options: AppDirOptions = {},
): Promise<void> {
  const dir = join(repoDir, 'apps', appName(i));
  await mkdir(dir, { recursive: true });
  const yaml = fleetManifests(resources, options.version, options.mix)
    .map((o) => stringify(o))
    .join('---\n');
  await writeFile(join(dir, 'resources.yaml'), yaml);
}

/**
 * Application `i` of the fleet: its directory in `repoURL`, its own
 * destination namespace (created by the sync), automated sync with prune and
 * self-heal.
 */
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
