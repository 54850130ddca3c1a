import { describe } from 'vitest';
import { itAssessesEach } from './testdata/fixtures.js';

describe('CustomResourceDefinition health', () => {
  itAssessesEach([
    {
      given: 'an established CRD',
      fixture: 'crd-established',
      expected: { status: 'Healthy' },
    },
    {
      given: 'a CRD being installed',
      fixture: 'crd-installing',
      expected: {
        status: 'Progressing',
        message: 'not established yet: Installing: the initial names have been accepted',
      },
    },
    {
      given: 'a CRD with no conditions yet',
      fixture: 'crd-no-conditions',
      expected: { status: 'Progressing', message: 'not established yet' },
    },
    {
      given: 'a plural name already used by another CRD',
      fixture: 'crd-names-conflict',
      expected: {
        status: 'Degraded',
        message: 'names not accepted: PluralConflict: "widgets" is already in use',
      },
    },
    {
      given: 'a schema that is not structural',
      fixture: 'crd-non-structural',
      expected: {
        status: 'Degraded',
        message:
          'schema is not structural: Violations: spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      },
    },
  ]);
});
