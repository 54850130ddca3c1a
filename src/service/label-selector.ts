import { InvalidRequestError } from './errors.js';

/**
 * One requirement of a Kubernetes label selector. Same grammar as
 * apimachinery's `labels.Parse`: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a` (exists), `!a` (does not exist), comma-separated
 * (AND). Hand-written because no maintained npm package parses it, and the
 * grammar is small.
 */
export type LabelRequirement =
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' | 'doesnotexist' };

export type LabelSelector = readonly LabelRequirement[];

const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function invalid(selector: string, why: string): InvalidRequestError {
  return new InvalidRequestError(`label selector ${JSON.stringify(selector)}: ${why}`);
}

/** Splits at commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim());
}

function checkKey(selector: string, key: string): string {
  if (!KEY.test(key) || key.length > 316)
    throw invalid(selector, `invalid label key ${JSON.stringify(key)}`);
  return key;
}

function checkValue(selector: string, value: string): string {
  if (!VALUE.test(value) || value.length > 63)
    throw invalid(selector, `invalid label value ${JSON.stringify(value)}`);
  return value;
}

const SET_TERM = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/;
const EQUALITY_TERM = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;

function parseTerm(selector: string, term: string): LabelRequirement {
  const set = SET_TERM.exec(term);
  if (set) {
    const [, key = '', op = '', list = ''] = set;
    const values = list.split(',').map((v) => checkValue(selector, v.trim()));
    return { key: checkKey(selector, key), op: op === 'in' ? 'in' : 'notin', values };
  }
  const eq = EQUALITY_TERM.exec(term);
  if (eq) {
    const [, key = '', op = '', value = ''] = eq;
    return {
      key: checkKey(selector, key),
      op: op === '!=' ? 'notin' : 'in',
      values: [checkValue(selector, value)],
    };
  }
  if (term.startsWith('!'))
    return { key: checkKey(selector, term.slice(1).trim()), op: 'doesnotexist' };
  if (term) return { key: checkKey(selector, term), op: 'exists' };
  throw invalid(selector, 'empty requirement');
}

/** Parses a label selector; `''` selects everything. Throws {@link InvalidRequestError}. */
export function parseLabelSelector(selector: string): LabelSelector {
  if (selector.trim() === '') return [];
  return splitTerms(selector).map((term) => parseTerm(selector, term));
}

/** True when `labels` satisfy every requirement. `notin` and `!=` match absent labels too (as Kubernetes). */
export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return selector.every((r) => {
    const value = labels?.[r.key];
    switch (r.op) {
      case 'exists':
        return value !== undefined;
      case 'doesnotexist':
        return value === undefined;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
    }
  });
}
