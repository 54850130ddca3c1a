import { LineCounter, parseAllDocuments, type Document, type Tags } from 'yaml';
import { isKubeObject, type KubeObject } from '../core/index.js';
import { InvalidManifestError, ManifestTooLargeError } from './errors.js';

/** Limits that protect the parser from hostile input. */
export interface YamlLimits {
  readonly maxDocumentBytes: number;
  readonly maxAliasCount: number;
}

/** A Kubernetes object found in a YAML stream. */
export interface ParsedManifest {
  readonly object: KubeObject;
  /** 0-based index of the YAML document in the stream. */
  readonly document: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The comment right before the document's content (helm writes `# Source: …` there). */
  readonly comment?: string;
}

/**
 * Kubernetes reads YAML the way go-yaml v2 does, which is mostly YAML 1.1:
 * `0644` is octal (a file mode of 420), `yes`/`on` are booleans, `<<` merges.
 * We use the 1.1 schema minus what go-yaml v2 does not do: sexagesimal numbers
 * (`12:30` stays a string) and timestamps (stay strings).
 */
export const kubeYamlTags = (tags: Tags): Tags =>
  tags.filter((t) => {
    const tag = typeof t === 'string' ? t : t.tag;
    const format = typeof t === 'string' ? undefined : t.format;
    return format !== 'TIME' && tag !== 'tag:yaml.org,2002:timestamp';
  });

/**
 * Parses a multi-document YAML (or JSON) stream into Kubernetes objects.
 * Empty documents are skipped; `List` kinds (`kind: List`, `ConfigMapList`, …
 * with an `items` array) are flattened into their items. Refuses invalid
 * YAML (naming file, line and column), documents larger than the limit, and
 * alias bombs (more alias expansions than allowed).
 */
export function parseManifestYaml(
  text: string,
  file: string,
  limits: YamlLimits,
): ParsedManifest[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    customTags: kubeYamlTags,
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ParsedManifest[] = [];
  list.forEach((doc, index) => {
    const start = doc.range[0];
    // The line of the content, not of the `---` marker or leading comments.
    const line = lineCounter.linePos(doc.contents?.range[0] ?? start).line;
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      throw new InvalidManifestError(
        file,
        pos?.line ?? line,
        pos?.col,
        `invalid YAML: ${firstLine(error.message)}`,
      );
    }
    const size = Buffer.byteLength(text.slice(start, doc.range[2]));
    if (size > limits.maxDocumentBytes)
      throw new ManifestTooLargeError(`${file}:${line}`, 'document', size, limits.maxDocumentBytes);
    const value = toJS(doc, file, line, limits);
    if (value === null || value === undefined) return;
    const comment =
      doc.contents && 'commentBefore' in doc.contents
        ? detached(doc.contents.commentBefore)
        : undefined;
    const where = { document: index, line, ...(comment ? { comment } : {}) };
    for (const object of flattenList(value, file, line, index)) out.push({ object, ...where });
  });
  return out;
}

/**
 * The document as plain JSON data, which is what the API server receives
 * anyway. The round trip also matters for memory: strings straight from the
 * parser are slices of the whole file's text and keep it alive for as long
 * as the render is cached (in the 1,000-application fleet, every app's file
 * text stayed in memory beside its parsed objects).
 */
function toJS(doc: Document, file: string, line: number, limits: YamlLimits): unknown {
  try {
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  } catch (err) {
    const message = (err as Error).message;
    if (/alias/i.test(message))
      throw new InvalidManifestError(
        file,
        line,
        undefined,
        `too many YAML alias expansions (more than ${limits.maxAliasCount}): refusing a possible alias bomb`,
      );
    throw new InvalidManifestError(file, line, undefined, `invalid YAML: ${firstLine(message)}`);
  }
}

function flattenList(value: unknown, file: string, line: number, index: number): KubeObject[] {
  if (isListObject(value)) {
    return value.items.map((item, i) => {
      if (!isKubeObject(item))
        throw new InvalidManifestError(
          file,
          line,
          undefined,
          `item ${i} of the ${value.kind} in document ${index} is not a Kubernetes object (needs apiVersion, kind and metadata)`,
        );
      return item;
    });
  }
  if (!isKubeObject(value))
    throw new InvalidManifestError(
      file,
      line,
      undefined,
      `document ${index} is not a Kubernetes object (needs apiVersion, kind and metadata)`,
    );
  return [value];
}

function isListObject(value: unknown): value is { kind: string; items: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; items?: unknown; apiVersion?: unknown };
  return (
    typeof v.kind === 'string' &&
    v.kind.endsWith('List') &&
    typeof v.apiVersion === 'string' &&
    Array.isArray(v.items)
  );
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

/** A copy of `text` that does not keep the string it was sliced from alive. */
function detached<T extends string | null | undefined>(text: T): T {
  return (typeof text === 'string' ? JSON.parse(JSON.stringify(text)) : text) as T;
}
