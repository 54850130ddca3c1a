import { describe, expect, it } from 'vitest';
import { safeReturnUrl } from './index.js';

describe('safeReturnUrl', () => {
  it.each([
    ['/applications/shop?tab=tree', '/applications/shop?tab=tree'],
    ['//evil.example.com/', '/'],
    ['https://evil.example.com/', '/'],
    ['/\\evil.example.com', '/'],
    ['/ok\r\nSet-Cookie: x', '/'],
    [undefined, '/'],
  ])('keeps only paths on this server: %j → %j', (given, expected) => {
    expect(safeReturnUrl(given)).toBe(expected);
  });
});
