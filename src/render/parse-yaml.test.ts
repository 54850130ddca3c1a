import { describe, expect, it } from 'vitest';
import { InvalidManifestError, ManifestTooLargeError } from './errors.js';
import { parseManifestYaml } from './parse-yaml.js';

const limits = { maxDocumentBytes: 64 * 1024, maxAliasCount: 100 };
const parse = (text: string, l = limits) => parseManifestYaml(text, 'apps/web/x.yaml', l);

describe('parsing manifest YAML', () => {
  it('reads multi-document streams, skipping empty documents and keeping document numbers', () => {
    const out = parse(
      'apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\n---\n# nothing\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n',
    );
    expect(out.map((m) => [m.object.kind, m.document, m.line])).toEqual([
      ['A', 0, 1],
      ['B', 3, 8],
    ]);
  });

  it('reads values the way Kubernetes does: 0644 is octal, yes is a boolean, 12:30 stays a string', () => {
    const [m] = parse(
      'apiVersion: v1\nkind: X\nmetadata: {name: x}\nmode: 0644\nflag: yes\ntime: 12:30\nday: 2024-01-02\n',
    );
    expect(m?.object).toMatchObject({ mode: 420, flag: true, time: '12:30', day: '2024-01-02' });
  });

  it('flattens List kinds into their items', () => {
    const out = parse(
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A, metadata: {name: a}}\n- {apiVersion: v1, kind: B, metadata: {name: b}}\n',
    );
    expect(out.map((m) => m.object.kind)).toEqual(['A', 'B']);
  });

  it('reports invalid YAML with file, line and column', () => {
    const attempt = () =>
      parse('apiVersion: v1\nkind: A\nmetadata:\n  name: a\n  labels: [x,\n bad: 1\n');
    expect(attempt).toThrow(InvalidManifestError);
    expect(attempt).toThrow(/^apps\/web\/x\.yaml:6:\d+: invalid YAML/);
    expect(() => parse('a: 1\na: 2\n')).toThrow(
      /x\.yaml:2:1: invalid YAML: Map keys must be unique/,
    );
  });

  it('refuses documents that are not Kubernetes objects, naming the document', () => {
    expect(() => parse('apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\nreplicas: 3\n')).toThrow(
      'apps/web/x.yaml:5: document 1 is not a Kubernetes object (needs apiVersion, kind and metadata)',
    );
    expect(() => parse('- just\n- a list\n')).toThrow(/document 0 is not a Kubernetes object/);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: lol}',
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    expect(() => parse(bomb)).toThrow(/too many YAML alias expansions .*alias bomb/);
  });

  it('refuses a document above the size limit', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(2048)}"\n`;
    expect(() => parse(big, { ...limits, maxDocumentBytes: 1024 })).toThrow(ManifestTooLargeError);
    expect(() => parse(big, { ...limits, maxDocumentBytes: 1024 })).toThrow(
      /apps\/web\/x\.yaml:1: document of \d+ bytes is larger than the limit of 1024 bytes/,
    );
  });
});
