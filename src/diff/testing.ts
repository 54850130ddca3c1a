import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isKubeObject, type KubeObject } from '../core/index.js';

/** Every object in a multi-document YAML file of this folder's `testdata/` (for tests). */
export function loadObjects(file: string): KubeObject[] {
  const text = readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter(isKubeObject);
}

/** The only object in a YAML file of `testdata/`. */
export function loadObject(file: string): KubeObject {
  const [obj] = loadObjects(file);
  if (!obj) throw new Error(`testdata/${file}: no object`);
  return obj;
}
