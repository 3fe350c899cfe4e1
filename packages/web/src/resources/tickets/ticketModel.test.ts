import { describe, expect, it } from 'vitest';
import { paramsFromTicketState, primaryAction, shanghaiMonth, splitMinutes, stepStates, ticketStateFromParams } from './ticketModel';

describe('ticketModel', () => {
  it('reads and writes the list state from the URL, ignoring unknown views', () => {
    const s = ticketStateFromParams(new URLSearchParams('view=breached&kind=complaint&page=3'), 'mine');
    expect(s).toMatchObject({ view: 'breached', kind: 'complaint', page: 3 });
    expect(ticketStateFromParams(new URLSearchParams('view=nope'), 'unit').view).toBe('unit');
    expect(paramsFromTicketState({ ...s, page: 1 })).toEqual({ view: 'breached', kind: 'complaint' });
  });

  it('splits clock minutes for display', () => {
    expect(splitMinutes(200, false)).toMatchObject({ kind: 'hours', hours: 3, minutes: 20 });
    expect(splitMinutes(-45, false)).toMatchObject({ kind: 'minutes', minutes: 45 });
    expect(splitMinutes(3000, true)).toMatchObject({ kind: 'days', days: 2, hours: 2 });
    expect(splitMinutes(3000, false)).toMatchObject({ kind: 'hours', hours: 50 });
  });

  it('marks the steps of the path', () => {
    expect(stepStates(['accept', 'answer', 'closed'], 'answer').map((s) => s.state)).toEqual(['finish', 'process', 'wait']);
    expect(stepStates(['accept', 'answer', 'closed'], 'closed').map((s) => s.state)).toEqual(['finish', 'finish', 'finish']);
  });

  it('offers the step action first, or resume while waiting', () => {
    expect(primaryAction({ status: 'analyse', actions: ['analyse', 'sendBack', 'wait'] })).toBe('analyse');
    expect(primaryAction({ status: 'approve', actions: ['reassign'] })).toBeNull();
    expect(primaryAction({ status: 'analyse', actions: ['resume', 'reassign'] })).toBe('resume');
  });

  it('names the month in Shanghai', () => {
    expect(shanghaiMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(shanghaiMonth(new Date('2026-11-30T15:30:00Z'))).toBe('2026-11');
  });
});

describe('shanghaiTime', () => {
  it('shows Shanghai wall time whatever the browser zone', async () => {
    const { shanghaiTime } = await import('./ticketModel');
    expect(shanghaiTime('2026-12-01T21:47:00.000Z')).toBe('2026-12-02 05:47');
    expect(shanghaiTime('2026-02-14T09:00:00.000Z', 'MM-DD HH:mm')).toBe('02-14 17:00');
    expect(shanghaiTime(null)).toBe('—');
  });
});
