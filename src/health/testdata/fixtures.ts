import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { isKubeObject, type KubeObject } from '../../core/index.js';
import { assessHealth, type HealthStatus } from '../index.js';

/** Reads `testdata/<name>.yaml`: one object as the API server returns it. */
export function fixture(name: string): KubeObject {
  const text = readFileSync(new URL(`./${name}.yaml`, import.meta.url), 'utf8');
  const obj: unknown = parse(text);
  if (!isKubeObject(obj)) throw new Error(`testdata/${name}.yaml is not a Kubernetes object`);
  return obj;
}

/** One row of a table-driven health test: an object and what a user should see for it. */
export interface HealthCase {
  /** The situation, in words ("a rollout waiting on one replica"). */
  readonly given: string;
  /** `testdata/<fixture>.yaml` */
  readonly fixture: string;
  readonly expected: HealthStatus;
}

/** One test per case: GIVEN the fixture, WHEN its health is assessed, THEN status and message are as expected. */
export function itAssessesEach(cases: readonly HealthCase[]): void {
  for (const { given, fixture: name, expected } of cases) {
    it(`GIVEN ${given} WHEN assessed THEN ${expected.status}`, () => {
      expect(assessHealth(fixture(name))).toEqual(expected);
    });
  }
}
