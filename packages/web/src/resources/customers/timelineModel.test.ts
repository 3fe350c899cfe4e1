import { describe, expect, it } from 'vitest';
import { eventChanges, eventColor, eventDetailKey, isBlankValue } from './timelineModel';

describe('timelineModel', () => {
  it('drops bookkeeping columns from the changes', () => {
    const rows = eventChanges({ changes: { version: { old: 1, new: 2 }, stage: { old: 'won', new: 'maintained' }, updatedAt: { old: 'a', new: 'b' } } });
    expect(rows).toEqual([{ field: 'stage', old: 'won', new: 'maintained' }]);
    expect(eventChanges({ changes: null })).toEqual([]);
  });

  it('colours events by what they mean', () => {
    expect(eventColor('claim')).toBe('green');
    expect(eventColor('reclaim')).toBe('red');
    expect(eventColor('updated')).toBe('blue');
  });

  it('describes the detail an event carries', () => {
    expect(eventDetailKey({ kind: 'reveal', detail: { field: 'phone' } })).toEqual({ key: 'revealed', params: { field: 'phone' } });
    expect(eventDetailKey({ kind: 'reclaim_warning', detail: { days: 7 } })).toEqual({ key: 'warning', params: { days: '7', idleDays: '', reclaimOn: '' } });
    expect(eventDetailKey({ kind: 'reclaim_warning', detail: { days: 30, idleDays: 36, reclaimOn: '2026-12-09' } })).toEqual({ key: 'warning', params: { days: '30', idleDays: '36', reclaimOn: '2026-12-09' } });
    expect(eventDetailKey({ kind: 'release', detail: { note: null } })).toBeNull();
    expect(eventDetailKey({ kind: 'contact_removed', detail: { name: '王芳' } })).toEqual({ key: 'contact', params: { name: '王芳' } });
    expect(isBlankValue([])).toBe(true);
    expect(isBlankValue(0)).toBe(false);
  });
});
