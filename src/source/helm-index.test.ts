import { describe, expect, it } from 'vitest';
import { ChartFetchError } from './errors.js';
import { chartVersionsFromIndex, pickChartVersion } from './helm-index.js';

const INDEX = `apiVersion: v1
entries:
  guestbook:
    - name: guestbook
      version: 1.3.0-beta.1
      urls: [guestbook-1.3.0-beta.1.tgz]
    - name: guestbook
      version: 1.2.5
      digest: abc
      urls: [guestbook-1.2.5.tgz]
    - name: guestbook
      version: 1.2.0
      urls: [https://cdn.example/guestbook-1.2.0.tgz]
    - name: guestbook
      version: 0.9.0
      urls: [guestbook-0.9.0.tgz]
`;

describe('choosing a chart version from a repository index', () => {
  const versions = chartVersionsFromIndex('https://charts.example', 'guestbook', INDEX);
  const pick = (wanted?: string) =>
    pickChartVersion('https://charts.example', 'guestbook', versions, wanted).version;

  it('takes an exact version, else the highest match of a constraint, else the latest stable', () => {
    expect(pick('1.2.0')).toBe('1.2.0');
    expect(pick('1.2.*')).toBe('1.2.5');
    expect(pick('<1.0.0')).toBe('0.9.0');
    expect(pick(undefined)).toBe('1.2.5');
    expect(pick('>=1.3.0-0')).toBe('1.3.0-beta.1');
  });

  it('names the chart and what is available when nothing matches', () => {
    expect(() => pick('2.x')).toThrow(
      /no version satisfies "2.x" \(available: 1.3.0-beta.1, 1.2.5, 1.2.0, 0.9.0\)/,
    );
    expect(() => chartVersionsFromIndex('r', 'missing', INDEX)).toThrow(
      /chart "missing" not found/,
    );
    expect(() => chartVersionsFromIndex('r', 'x', 'just: text')).toThrow(ChartFetchError);
  });
});
