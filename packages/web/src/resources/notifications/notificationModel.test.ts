import { describe, expect, it } from 'vitest';
import { badgeText, readFilters, safeLink, writeFilters } from './notificationModel';

describe('notification model', () => {
  it('badge text', () => {
    expect(badgeText(0)).toBe('0');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
  it('follows only in-app links', () => {
    expect(safeLink({ link: '/customers/1' })).toBe('/customers/1');
    expect(safeLink({ link: '//evil.example.com' })).toBeNull();
    expect(safeLink({ link: 'https://evil.example.com' })).toBeNull();
    expect(safeLink({ link: null })).toBeNull();
  });
  it('filters round-trip through the URL, unread by default', () => {
    expect(readFilters(new URLSearchParams(''))).toEqual({ status: 'unread', type: undefined, page: 1 });
    const f = readFilters(new URLSearchParams('status=all&type=keyDate.upcoming&page=3'));
    expect(f).toEqual({ status: 'all', type: 'keyDate.upcoming', page: 3 });
    expect(writeFilters(f)).toEqual({ status: 'all', type: 'keyDate.upcoming', page: '3' });
    expect(writeFilters({ status: 'unread', type: undefined, page: 1 })).toEqual({});
  });
});
