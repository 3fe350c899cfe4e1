import { describe, expect, it } from 'vitest';
import { safeNext } from './authModel';

describe('safeNext', () => {
  it('follows only paths inside the app', () => {
    expect(safeNext('/admin/users?q=a')).toBe('/admin/users?q=a');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/sign-in')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
