import { Type, type TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { FreeFormObject, IntOrString, StringEnum, StringMap, validations } from './schema.js';
import { toStructuralSchema, UnsupportedSchemaError, withoutValidations } from './structural.js';

describe('toStructuralSchema', () => {
  const cases: [string, TSchema, unknown][] = [
    ['a string enum', StringEnum(['A', 'B']), { enum: ['A', 'B'], type: 'string' }],
    ['a literal', Type.Literal('x'), { enum: ['x'], type: 'string' }],
    ['int-or-string', IntOrString(), { 'x-kubernetes-int-or-string': true }],
    ['a string map', StringMap(), { additionalProperties: { type: 'string' }, type: 'object' }],
    [
      'a free-form object',
      FreeFormObject(),
      { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    ],
    ['anything', Type.Unknown(), { 'x-kubernetes-preserve-unknown-fields': true }],
    [
      'an object: optional fields not required, keys sorted, $id and additionalProperties:false dropped',
      Type.Object(
        { b: Type.Optional(Type.Integer({ default: 3 })), a: Type.Boolean({ description: 'A.' }) },
        { $id: 'Thing', additionalProperties: false },
      ),
      {
        properties: {
          a: { description: 'A.', type: 'boolean' },
          b: { default: 3, type: 'integer' },
        },
        required: ['a'],
        type: 'object',
      },
    ],
    [
      'CEL rules',
      Type.Object({}, validations({ rule: 'true', message: 'm' })),
      {
        properties: {},
        type: 'object',
        'x-kubernetes-validations': [{ rule: 'true', message: 'm' }],
      },
    ],
    [
      'an array',
      Type.Array(Type.String(), { maxItems: 3 }),
      { items: { type: 'string' }, maxItems: 3, type: 'array' },
    ],
  ];
  it.each(cases)('maps %s', (_, schema, expected) => {
    expect(toStructuralSchema(schema)).toEqual(expected);
  });

  const unsupported: [string, TSchema, string][] = [
    [
      'a union of objects',
      Type.Object({ u: Type.Union([Type.Object({}), Type.String()]) }),
      'schema Thing.u: a union',
    ],
    ['a tuple', Type.Object({ t: Type.Tuple([Type.String()]) }), 'schema Thing.t:'],
    ['null', Type.Object({ n: Type.Null() }), 'schema Thing.n:'],
  ];
  it.each(unsupported)('refuses %s, naming where', (_, schema, message) => {
    expect(() => toStructuralSchema(schema, 'Thing')).toThrow(UnsupportedSchemaError);
    expect(() => toStructuralSchema(schema, 'Thing')).toThrow(message);
  });

  it('removes CEL rules at every depth', () => {
    const schema = toStructuralSchema(
      Type.Object(
        { items: Type.Array(Type.Object({}, validations({ rule: 'a', message: 'b' }))) },
        validations({ rule: 'c', message: 'd' }),
      ),
    );
    expect(JSON.stringify(withoutValidations(schema))).not.toContain('x-kubernetes-validations');
  });
});
