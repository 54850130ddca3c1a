import { describe, expect, it } from 'vitest';
import { matchPath, safeReturnPath } from './match.js';

describe('routes', () => {
  it('matches patterns and decodes parameters', () => {
    expect(matchPath('/applications/:name', '/applications/guest%20book')).toEqual({
      name: 'guest book',
    });
    expect(matchPath('/applications/:name', '/applications/web/')).toEqual({ name: 'web' });
    expect(matchPath('/applications/:name', '/applications')).toBeUndefined();
    expect(matchPath('/projects', '/applications')).toBeUndefined();
    expect(matchPath('/a/:x', '/a/%E0%A4%A')).toBeUndefined();
  });

  it('returns only to same-origin paths after login', () => {
    expect(safeReturnPath('/applications/web?tab=diff')).toBe('/applications/web?tab=diff');
    expect(safeReturnPath('https://evil.example')).toBe('/applications');
    expect(safeReturnPath('//evil.example')).toBe('/applications');
    expect(safeReturnPath('/\\evil.example')).toBe('/applications');
    expect(safeReturnPath('/login?return_url=/x')).toBe('/applications');
    expect(safeReturnPath(null)).toBe('/applications');
  });
});
