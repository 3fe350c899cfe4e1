import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

export type Column = { header: string; key: string; width?: number };

/**
 * A streamed workbook: rows go to the HTTP response as they are added, so an export of
 * 100,000 customers holds one batch in memory, not the file.
 */
export const streamWorkbook = (sheetName: string, columns: Column[]) => {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return {
    stream,
    add: (row: Record<string, unknown>) => ws.addRow(row).commit(),
    finish: async () => {
      ws.commit();
      await wb.commit();
    },
  };
};

/** `Content-Disposition` for a Chinese file name (RFC 5987), with an ASCII fallback. */
export const attachment = (fileName: string, fallback: string) => `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
