/**
 * `npm run gen:crds`: writes the CRDs generated from src/apis to
 * manifests/crds/*.yaml. A unit test fails while the committed files differ.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { crdManifestFiles } from './crds.js';

const dir = new URL('../../manifests/crds/', import.meta.url);
await mkdir(dir, { recursive: true });
for (const file of crdManifestFiles()) {
  await writeFile(new URL(file.fileName, dir), file.content);
  process.stdout.write(`wrote manifests/crds/${file.fileName}\n`);
}
