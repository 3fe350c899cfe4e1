import { toHalfWidth, type Locale, type TCustomerKind } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { hasPermission, unitInScope } from '../../access/access.js';
import { newId, toIso, toJson } from '../../db/dialect.js';
import { fieldMessage } from '../../i18n.js';
import { recordAudit } from '../auditLog/audit.js';
import { normalizeCustomer } from '../customers/customer.rules.js';
import { findRegionByCodeOrName, resolveRegion } from '../regions/region.js';
import { customerColumns, kindWords, stageWords, yesWords, type ImportField } from './customerImport.template.js';
import { detectCsvEncoding, readRows, type CsvEncoding } from './rowSource.js';
import { ambientTx, outsideTx, transaction } from '../../db/transaction.js';

export type ImportError = { row: number; column: string; message: string };
export type ImportProgress = { phase: 'validating' | 'writing' | 'done'; processed: number; total: number };

/**
 * Progress of running imports, by job id. The job row is the source (phase, processed_rows,
 * total_rows, written at most every PROGRESS_WRITE_MS), so whichever instance a poll reaches
 * answers it (decision 074). SQLite also keeps it here: its one connection belongs to the write
 * transaction during the writing phase, and SQLite is one instance by construction.
 */
export const importProgress = new Map<string, ImportProgress>();
const PROGRESS_WRITE_MS = 500;

/** Writes the progress to the job row when the phase changed or PROGRESS_WRITE_MS have passed. */
const progressWriter = (ctx: AppContext, jobId: string, progress: ImportProgress) => {
  let lastAt = 0;
  let lastPhase: ImportProgress['phase'] | null = null;
  return async (): Promise<void> => {
    const at = Date.now();
    if (progress.phase === lastPhase && at - lastAt < PROGRESS_WRITE_MS) return;
    if (ctx.dbKind === 'sqlite' && ambientTx()) return;
    lastAt = at;
    lastPhase = progress.phase;
    const { phase, processed, total } = progress;
    await outsideTx(() =>
      ctx.db.updateTable('importJob').set({ phase, processedRows: processed, totalRows: total }).where('id', '=', jobId).where('status', '=', 'running').execute(),
    );
  };
};

const MAX_STORED_ERRORS = 10_000;
const BATCH = 200;
const HARD_KEYS = ['creditCode', 'idNumber', 'licenceNo'] as const;

type Lookups = {
  known: Set<string>;
  byLabel: Map<string, string>;
  users: Map<string, { id: string; orgUnitId: string }>;
  /** Cities of the regions resolved so far (the file's context for "鼓楼区"), and each row's resolved region. */
  regionCities: Map<string, number>;
  regionChoices: Map<number, string>;
};

const loadLookups = async (ctx: AppContext, auth: Auth): Promise<Lookups> => {
  const items = await ctx.db.selectFrom('dictionaryItem').select(['dictionaryCode', 'value', 'labelZh', 'labelEn']).where('enabled', '=', 1).execute();
  const known = new Set(items.map((i) => `${i.dictionaryCode}:${i.value}`));
  const byLabel = new Map<string, string>();
  for (const i of items) for (const l of [i.value, i.labelZh, i.labelEn]) byLabel.set(`${i.dictionaryCode}:${l.toLowerCase()}`, i.value);
  const users = new Map<string, { id: string; orgUnitId: string }>();
  if (hasPermission(auth, 'customer.assign')) {
    const rows = await ctx.db
      .selectFrom('appUser')
      .innerJoin('orgUnit', 'orgUnit.id', 'appUser.orgUnitId')
      .select(['appUser.id', 'appUser.usernameLower', 'appUser.orgUnitId', 'orgUnit.path'])
      .where('appUser.status', '=', 'active')
      .execute();
    for (const u of rows) if (unitInScope(auth, 'customer.assign', { id: u.orgUnitId, path: u.path })) users.set(u.usernameLower, { id: u.id, orgUnitId: u.orgUnitId });
  }
  return { known, byLabel, users, regionCities: new Map<string, number>(), regionChoices: new Map<number, string>() };
};

type Parsed = { row: number; kind: TCustomerKind; values: Record<string, unknown>; stage: string; owner: { id: string; orgUnitId: string } };

/**
 * Validates one spreadsheet row into customer columns. Problems are reported by the column
 * header the user sees, in their language.
 */
const parseRow = async (ctx: AppContext, auth: Auth, locale: Locale, lk: Lookups, cells: Partial<Record<ImportField, string>>, row: number, now: Date, searchKeys: boolean) => {
  const errors: ImportError[] = [];
  const header = (field: string) => {
    const col = customerColumns.find((c) => c.field === field);
    return col ? (locale === 'zh-CN' ? col.zh : col.en) : field;
  };
  const fail = (field: string, key: string, params?: Record<string, unknown>) =>
    errors.push({ row, column: header(field), message: fieldMessage(locale, { path: '', key, params }) });
  const kind = kindWords[(cells.kind ?? '').trim().toLowerCase()] ?? kindWords[(cells.kind ?? '').trim()];
  if (!kind) {
    fail('kind', cells.kind ? 'invalid_value' : 'required', { values: '企业 / 个人 / 零售户' });
    return { errors };
  }
  if (!cells.name?.trim()) fail('name', 'required');
  const input: Record<string, unknown> = {};
  for (const f of ['name', 'shortName', 'creditCode', 'idNumber', 'licenceNo', 'address', 'phone', 'legalPerson', 'needs'] as const) if (cells[f]?.trim()) input[f] = cells[f]!.trim();
  for (const col of customerColumns) {
    if (!('dictionary' in col) || !cells[col.field]?.trim()) continue;
    const text = toHalfWidth(cells[col.field]!).trim();
    input[col.field] = lk.byLabel.get(`${col.dictionary}:${text.toLowerCase()}`) ?? text;
  }
  if (cells.regionCode?.trim()) {
    // As people write it (杭州市余杭区, 余杭区…) through the division dataset; a name several cities
    // share is settled by the row's address, else by the city most of the file is in. Pass 2 reuses
    // pass 1's answer so both passes agree.
    const chosen = lk.regionChoices.get(row);
    const dominant = [...lk.regionCities].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const found = chosen ? { region: findRegionByCodeOrName(chosen)! } : resolveRegion(cells.regionCode, { text: cells.address, cityCode: dominant });
    if (found && 'region' in found) {
      input.regionCode = found.region.code;
      if (!chosen) {
        lk.regionChoices.set(row, found.region.code);
        if (found.region.cityCode) lk.regionCities.set(found.region.cityCode, (lk.regionCities.get(found.region.cityCode) ?? 0) + 1);
      }
    } else if (found) fail('regionCode', 'ambiguous_region', { values: found.ambiguous.slice(0, 4).map((r) => r.fullName).join(' / ') });
    else fail('regionCode', 'unknown_region');
  }
  if (cells.tags?.trim())
    input.tags = cells.tags
      .split(/[、,，;；\s]+/)
      .filter(Boolean)
      .map((t) => lk.byLabel.get(`customerTag:${t.toLowerCase()}`) ?? t);
  if (cells.isKey?.trim()) input.isKey = yesWords.has(cells.isKey.trim().toLowerCase());
  const stage = cells.stage?.trim() ? stageWords[cells.stage.trim().toLowerCase()] : 'prospect';
  if (!stage) fail('stage', 'invalid_value', { values: '潜在 / 目标 / 成交 / 维护 / 休眠 / 流失' });
  let owner = { id: auth.userId, orgUnitId: auth.orgUnitId };
  if (cells.owner?.trim()) {
    const u = lk.users.get(cells.owner.trim().toLowerCase());
    if (u) owner = u;
    else fail('owner', 'unknown_user');
  }
  const { values, problems } = await normalizeCustomer(ctx.db, kind, input, now, undefined, { knownValues: lk.known, searchKeys });
  for (const p of problems) fail(p.path, p.key, p.params);
  return errors.length ? { errors } : { errors, parsed: { row, kind, values, stage: stage!, owner } as Parsed };
};

const headerMap = (cells: string[]) => {
  const map = new Map<number, ImportField>();
  cells.forEach((text, i) => {
    const norm = (s: string) => toHalfWidth(s).replace(/[*\s]/g, '').toLowerCase();
    const t = norm(text);
    const col = customerColumns.find((c) => norm(c.zh) === t || norm(c.en) === t);
    if (col) map.set(i, col.field);
  });
  return map;
};

/**
 * Two streamed passes over the file: validate every row (within the file and against the
 * database), then — if the mode allows — write in one transaction. Nothing is written when an
 * all-or-nothing import has any error.
 */
export const runCustomerImport = async (ctx: AppContext, auth: Auth, jobId: string, file: string, format: 'xlsx' | 'csv', mode: 'all' | 'validOnly', locale: Locale) => {
  const now = ctx.clock.now();
  const lk = await loadLookups(ctx, auth);
  const errors: ImportError[] = [];
  let errorCount = 0;
  const addError = (e: ImportError) => {
    errorCount++;
    if (errors.length < MAX_STORED_ERRORS) errors.push(e);
  };
  const badRows = new Set<number>();
  const seen = new Map<string, number>();
  let total = 0;
  let columns: Map<number, ImportField> | null = null;
  const progress: ImportProgress = { phase: 'validating', processed: 0, total: 0 };
  if (ctx.dbKind === 'sqlite') importProgress.set(jobId, progress);
  const report = progressWriter(ctx, jobId, progress);

  let encoding: CsvEncoding | undefined;
  const rowsOf = async function* () {
    for await (const r of readRows(file, format, encoding)) {
      if (!columns) {
        columns = headerMap(r.cells);
        if (![...columns.values()].includes('name') || ![...columns.values()].includes('kind')) throw new Error('header');
        continue;
      }
      if (r.cells.every((c) => !c.trim())) continue;
      const cells: Partial<Record<ImportField, string>> = {};
      columns.forEach((field, i) => (cells[field] = r.cells[i] ?? ''));
      yield { row: r.rowNumber, cells };
    }
  };

  // Pass 1: validate; duplicates inside the file and against the database (set-based per batch).
  let batch: Parsed[] = [];
  const checkBatch = async () => {
    for (const key of HARD_KEYS) {
      const values = batch.map((p) => p.values[key]).filter((v): v is string => typeof v === 'string');
      if (!values.length) continue;
      const existing = new Set((await ctx.db.selectFrom('customer').select(key).where(key, 'in', values).execute()).map((r) => r[key] as string));
      for (const p of batch)
        if (existing.has(p.values[key] as string)) {
          badRows.add(p.row);
          addError({ row: p.row, column: customerColumns.find((c) => c.field === key)![locale === 'zh-CN' ? 'zh' : 'en'], message: locale === 'zh-CN' ? '系统中已存在该客户' : 'The customer already exists' });
        }
    }
    batch = [];
  };
  // A cell holding U+FFFD (bytes no encoding could read, or a file that carries the character
  // itself) would store '�' for good: its row is rejected, naming the column, in both modes.
  const undecodable = (cells: Partial<Record<ImportField, string>>, row: number): ImportError[] =>
    customerColumns
      .filter((c) => cells[c.field]?.includes('\uFFFD'))
      .map((c) => {
        const column = locale === 'zh-CN' ? c.zh : c.en;
        return { row, column, message: fieldMessage(locale, { path: '', key: 'undecodable_text', params: { column } }) };
      });
  try {
    if (format === 'csv') {
      encoding = await detectCsvEncoding(file);
      await ctx.db.updateTable('importJob').set({ encoding }).where('id', '=', jobId).execute();
    }
    for await (const { row, cells } of rowsOf()) {
      total++;
      const unreadable = undecodable(cells, row);
      if (unreadable.length) {
        for (const e of unreadable) addError(e);
        badRows.add(row);
        progress.processed = total;
        await report();
        continue;
      }
      // Validation only: the name's pinyin is computed once, when the row is written.
      const { errors: rowErrors, parsed } = await parseRow(ctx, auth, locale, lk, cells, row, now, false);
      for (const e of rowErrors) addError(e);
      if (rowErrors.length) badRows.add(row);
      if (parsed) {
        for (const key of HARD_KEYS) {
          const v = parsed.values[key];
          if (typeof v !== 'string') continue;
          const first = seen.get(`${key}:${v}`);
          if (first !== undefined) {
            badRows.add(row);
            addError({ row, column: customerColumns.find((c) => c.field === key)![locale === 'zh-CN' ? 'zh' : 'en'], message: locale === 'zh-CN' ? `与第 ${first} 行重复` : `Duplicates row ${first}` });
          } else seen.set(`${key}:${v}`, row);
        }
        batch.push(parsed);
        if (batch.length >= 500) await checkBatch();
      }
      progress.processed = total;
      await report();
    }
    await checkBatch();
  } catch (err) {
    const headerProblem = err instanceof Error && err.message === 'header';
    await finish(ctx, jobId, 'failed', { total, imported: 0, errorCount: errorCount + 1, errors: [...errors, { row: 1, column: '', message: headerProblem ? (locale === 'zh-CN' ? '表头不符合模板：至少需要“客户类型”和“客户名称”两列' : 'The header does not match the template: "Kind" and "Name" are required') : locale === 'zh-CN' ? '文件无法读取，请使用模板另存为 .xlsx 或 .csv' : 'The file cannot be read; save it from the template as .xlsx or .csv' }] });
    return;
  }
  seen.clear();
  progress.total = total;

  if (total === 0 || (mode === 'all' && errorCount > 0) || badRows.size === total) {
    await finish(ctx, jobId, errorCount ? 'failed' : 'succeeded', { total, imported: 0, errorCount, errors });
    return;
  }

  // Pass 2: write the valid rows in one transaction; all or nothing at the database too.
  progress.phase = 'writing';
  progress.processed = 0;
  await report();
  let imported = 0;
  await transaction(ctx.db, async (tx) => {
    let rows: Parsed[] = [];
    const flush = async () => {
      if (!rows.length) return;
      const stamp = toIso(now);
      const customers = rows.map((p) => ({
        id: newId(),
        kind: p.kind,
        ...p.values,
        tags: (p.values.tags as string | undefined) ?? '[]',
        isKey: (p.values.isKey as number | undefined) ?? 0,
        isLocked: 0,
        stage: p.stage,
        stageChangedAt: stamp,
        ownerId: p.owner.id,
        orgUnitId: p.owner.orgUnitId,
        poolId: null,
        claimedAt: stamp,
        createdBy: auth.userId,
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
      })) as any[];
      await tx.insertInto('customer').values(customers).execute();
      const tags = customers.flatMap((c) => (JSON.parse(c.tags) as string[]).map((tag) => ({ customerId: c.id, tag })));
      if (tags.length) await tx.insertInto('customerTag').values(tags).execute();
      await tx
        .insertInto('customerEvent')
        .values(customers.map((c) => ({ id: newId(), customerId: c.id, at: stamp, actorId: auth.userId, actorName: auth.displayName, kind: 'created', changes: null, reason: null, detail: toJson({ importId: jobId }) })))
        .execute();
      imported += rows.length;
      progress.processed = imported;
      await report();
      rows = [];
    };
    for await (const { row, cells } of rowsOf()) {
      if (badRows.has(row)) continue;
      const { parsed } = await parseRow(ctx, auth, locale, lk, cells, row, now, true);
      if (parsed) rows.push(parsed);
      if (rows.length >= BATCH) await flush();
    }
    await flush();
    await recordAudit(tx, now, auth, null, { action: 'import', entity: 'customer', entityId: jobId, detail: { imported, errorCount, mode } });
  });
  await finish(ctx, jobId, 'succeeded', { total, imported, errorCount, errors });
};

const finish = async (ctx: AppContext, jobId: string, status: 'succeeded' | 'failed', r: { total: number; imported: number; errorCount: number; errors: ImportError[] }) => {
  await ctx.db
    .updateTable('importJob')
    .set({ status, phase: 'done', totalRows: r.total, processedRows: r.total, importedRows: r.imported, errorCount: r.errorCount, errors: JSON.stringify(r.errors), finishedAt: toIso(ctx.clock.now()) })
    .where('id', '=', jobId)
    .execute();
  const p = importProgress.get(jobId);
  if (p) Object.assign(p, { phase: 'done', processed: r.total, total: r.total });
  setTimeout(() => importProgress.delete(jobId), 60_000).unref();
};

