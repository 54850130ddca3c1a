import { stringify } from 'yaml';
import { AppProjectSchema } from './app-project.js';
import { ApplicationSchema } from './application.js';
import { customResourceDefinition, type CustomResourceDefinition } from './crd.js';

/** The Application CRD: short names and printer columns as Argo CD's. */
export function applicationCrd(): CustomResourceDefinition {
  return customResourceDefinition({
    kind: 'Application',
    plural: 'applications',
    singular: 'application',
    shortNames: ['app', 'apps'],
    categories: ['keelson'],
    schema: ApplicationSchema,
    statusSubresource: true,
    printerColumns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
      { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
      { name: 'Project', type: 'string', jsonPath: '.spec.project', priority: 10 },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  });
}

/** The AppProject CRD. */
export function appProjectCrd(): CustomResourceDefinition {
  return customResourceDefinition({
    kind: 'AppProject',
    plural: 'appprojects',
    singular: 'appproject',
    shortNames: ['appproj', 'appprojs'],
    categories: ['keelson'],
    schema: AppProjectSchema,
    statusSubresource: false,
    printerColumns: [],
  });
}

/** Every Keelson CRD, in install order. */
export function keelsonCrds(): CustomResourceDefinition[] {
  return [applicationCrd(), appProjectCrd()];
}

/** A generated manifest file under `manifests/crds/`. */
export interface ManifestFile {
  readonly fileName: string;
  readonly content: string;
}

/**
 * The committed CRD manifests (`npm run gen:crds` writes them): one file per
 * CRD, named as Argo CD names its own, byte-for-byte deterministic.
 */
export function crdManifestFiles(): ManifestFile[] {
  return keelsonCrds().map((crd) => ({
    fileName: `${crd.spec.names.singular}-crd.yaml`,
    content:
      '# Generated from the TypeScript types in src/apis by `npm run gen:crds`. Do not edit.\n' +
      stringify(crd, { lineWidth: 0, singleQuote: true }),
  }));
}
