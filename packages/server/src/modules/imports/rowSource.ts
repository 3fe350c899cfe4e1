import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';

export type SourceRow = { rowNumber: number; cells: string[] };

const cellText = (v: unknown): string => {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return cellText(o.result);
    return '';
  }
  return String(v);
};

/** UTF-8 (with or without BOM) when the first bytes decode strictly as UTF-8; else GBK, as Excel in China saves CSV. */
export const detectCsvEncoding = async (file: string): Promise<'utf8' | 'gbk'> => {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const sample = buf.subarray(0, bytesRead);
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
    // A multi-byte character may be cut at the end of the sample: leave the last 3 bytes out.
    const body = bytesRead === buf.length ? sample.subarray(0, bytesRead - 3) : sample;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body);
      return 'utf8';
    } catch {
      return 'gbk';
    }
  } finally {
    await fd.close();
  }
};

/** Decodes a stream of UTF-8 buffers into strings, keeping a character split across chunks whole. */
async function* utf8Chunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs's streaming reader decodes each raw chunk on its own, so a Chinese character split
 * across two chunks turns into '��' (exceljs issues #2063, #2084; unmerged fix #2081). This
 * reader hands its SAX parser whole characters instead.
 */
class Utf8SafeWorkbookReader extends (ExcelJS.stream.xlsx.WorkbookReader as any) {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: number) {
    return super._parseWorksheet(utf8Chunks(iterator), sheetNo);
  }
  _parseSharedStrings(entry: NodeJS.ReadableStream) {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }
}

/** Rows of the first sheet (.xlsx) or of a CSV file, streamed: memory stays flat whatever the size. */
export async function* readRows(file: string, format: 'xlsx' | 'csv'): AsyncGenerator<SourceRow> {
  if (format === 'xlsx') {
    const reader = new (Utf8SafeWorkbookReader as any)(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' } as any);
    for await (const sheet of reader as any) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]) ?? [];
        yield { rowNumber: row.number as number, cells: values.slice(1).map(cellText) };
      }
      break;
    }
    return;
  }
  const encoding = await detectCsvEncoding(file);
  const parser = fs
    .createReadStream(file)
    .pipe(iconv.decodeStream(encoding))
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let n = 0;
  for await (const record of parser) yield { rowNumber: ++n, cells: (record as string[]).map((c) => c ?? '') };
}
