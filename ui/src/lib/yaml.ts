/**
 * YAML for manifests shown and edited in the UI. The `yaml` library is loaded
 * on first use (a separate chunk), so the list pages do not pay for it.
 */

/** Top-level keys of a Kubernetes object in the order people read them; the rest follow alphabetically. */
const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'status'];

/** Orders an object's top-level keys as kubectl shows them. */
export function kubeOrdered(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const rank = (key: string) => {
    const index = TOP_ORDER.indexOf(key);
    return index === -1 ? TOP_ORDER.length : index;
  };
  const keys = Object.keys(record).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

export async function toYaml(value: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(kubeOrdered(value), { lineWidth: 0 });
}

/** A YAML (or JSON) text that does not parse; the message names the line. */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
}

/** Parses one YAML document; throws {@link YamlSyntaxError}. */
export async function fromYaml(text: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    throw new YamlSyntaxError(
      where ? `line ${where.line}, column ${where.col}: ${first.message}` : first.message,
    );
  }
  return doc.toJS() as unknown;
}
