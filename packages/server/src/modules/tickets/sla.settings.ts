import { ticketWaitReasons, type TSlaSettings, type TTicketWaitReason } from '@liaison/shared';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/schema.js';
import { isPostgres } from '../../db/transaction.js';
import { toIso } from '../../db/dialect.js';
import { parseWorkingHours, type WorkingHours } from '../../calendar/workingTime.js';
import { AppError, invalid } from '../../errors.js';

const KEY = 'tickets.sla';

export type SlaSettings = { workingHours: string; reopenDays: number; pauseReasons: TTicketWaitReason[]; version: number; updatedAt: string | null };

/** 09:00–12:00, 14:00–18:00: a common Chinese office day; 8 working hours from Fri 2026-02-13 16:00 then end Sat 17:00. */
export const defaultSlaSettings: SlaSettings = {
  workingHours: '09:00-12:00,14:00-18:00',
  reopenDays: 15,
  pauseReasons: ['customerMaterials', 'customerAppointment', 'customerUnreachable'],
  version: 1,
  updatedAt: null,
};

export const getSlaSettings = async (db: Db | Tx): Promise<SlaSettings> => {
  const row = await db.selectFrom('setting').select(['value', 'updatedAt']).where('key', '=', KEY).executeTakeFirst();
  if (!row) return defaultSlaSettings;
  const v = JSON.parse(row.value) as Partial<SlaSettings>;
  return { ...defaultSlaSettings, ...v, updatedAt: row.updatedAt };
};

export const workingHoursOf = (s: Pick<SlaSettings, 'workingHours'>): WorkingHours => parseWorkingHours(s.workingHours) ?? parseWorkingHours(defaultSlaSettings.workingHours)!;

export const presentSettings = (s: SlaSettings): TSlaSettings => ({ ...s, pauseReasons: s.pauseReasons.filter((r) => ticketWaitReasons.includes(r)) });

/** Saves the settings if `version` is current; returns them and whether working hours changed. */
export const saveSlaSettings = async (
  tx: Tx,
  at: Date,
  patch: { version: number; workingHours?: string; reopenDays?: number; pauseReasons?: TTicketWaitReason[] },
): Promise<{ settings: SlaSettings; hoursChanged: boolean; pausesChanged: boolean }> => {
  await tx.insertInto('setting').values({ key: KEY, value: JSON.stringify({ version: 1 }), updatedAt: toIso(at) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  // One writer at a time: the row lock queues a concurrent save behind this one on PostgreSQL.
  if (isPostgres(tx)) await sql`select 1 from setting where key = ${KEY} for update`.execute(tx);
  const current = await getSlaSettings(tx);
  if (current.version !== patch.version) throw new AppError('version_conflict');
  let workingHours = current.workingHours;
  if (patch.workingHours !== undefined) {
    const parsed = parseWorkingHours(patch.workingHours);
    if (!parsed) throw invalid('workingHours', 'working_hours_format');
    workingHours = parsed.map(([a, b]) => `${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}-${String(Math.floor(b / 60)).padStart(2, '0')}:${String(b % 60).padStart(2, '0')}`).join(',');
  }
  const next: SlaSettings = {
    workingHours,
    reopenDays: patch.reopenDays ?? current.reopenDays,
    pauseReasons: patch.pauseReasons ? [...new Set(patch.pauseReasons)] : current.pauseReasons,
    version: current.version + 1,
    updatedAt: toIso(at),
  };
  const { updatedAt: _u, ...stored } = next;
  const res = await tx
    .updateTable('setting')
    .set({ value: JSON.stringify(stored), updatedAt: toIso(at) })
    .where('key', '=', KEY)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('version_conflict');
  return {
    settings: next,
    hoursChanged: workingHours !== current.workingHours,
    pausesChanged: JSON.stringify([...next.pauseReasons].sort()) !== JSON.stringify([...current.pauseReasons].sort()),
  };
};
