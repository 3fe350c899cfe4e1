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

export type CsvEncoding = 'utf-8' | 'gb18030';

/**
 * The encoding of a whole CSV file: UTF-8 (with or without BOM) when every byte of it decodes
 * strictly as UTF-8, else GB18030 — the superset of GBK, which Excel in China saves CSV in.
 * The whole file is streamed through the strict decoder: a file whose first 64 KB are plain
 * ASCII (an English header, Chinese further down) is not UTF-8 just because its start is.
 */
export const detectCsvEncoding = async (file: string): Promise<CsvEncoding> => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file)) strict.decode(chunk as Buffer, { stream: true });
    strict.decode();
    return 'utf-8';
  } catch (err) {
    // TextDecoder reports invalid bytes as a TypeError; anything else (the file is gone) is not an encoding question.
    if (err instanceof TypeError) return 'gb18030';
    throw err;
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

/** Rows of the first sheet (.xlsx) or of a CSV file (in the encoding detectCsvEncoding found), streamed: memory stays flat whatever the size. */
export async function* readRows(file: string, format: 'xlsx' | 'csv', encoding?: CsvEncoding): AsyncGenerator<SourceRow> {
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
  // Bytes that are not GB18030 either become U+FFFD here; the import rejects the rows holding them.
  const parser = fs
    .createReadStream(file)
    .pipe(iconv.decodeStream((encoding ?? (await detectCsvEncoding(file))) === 'utf-8' ? 'utf8' : 'gb18030'))
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  let n = 0;
  for await (const record of parser) yield { rowNumber: ++n, cells: (record as string[]).map((c) => c ?? '') };
}
