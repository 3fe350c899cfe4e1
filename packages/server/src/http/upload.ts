import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { newId } from '../db/dialect.js';

export type Upload = { file: string; fileName: string; format: 'xlsx' | 'csv'; remove: () => Promise<void> };

/**
 * Saves a spreadsheet upload (multipart field `file`, .xlsx or .csv) to a temp file, streamed.
 * Too large is 413; another type is a 400 naming `file`. The caller removes the file.
 */
export const saveSpreadsheetUpload = async (req: FastifyRequest, maxBytes: number): Promise<Upload> => {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type');
  const data = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!data) throw new AppError('validation_failed', [{ path: 'file', key: 'required' }]);
  const ext = path.extname(data.filename).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') {
    data.file.resume();
    throw new AppError('validation_failed', [{ path: 'file', key: 'invalid_format' }]);
  }
  const file = path.join(os.tmpdir(), `liaison-upload-${newId()}${ext}`);
  const remove = () => fs.promises.rm(file, { force: true });
  await pipeline(data.file, fs.createWriteStream(file));
  if (data.file.truncated) {
    await remove();
    throw new AppError('payload_too_large');
  }
  return { file, fileName: data.filename.slice(0, 200), format: ext === '.xlsx' ? 'xlsx' : 'csv', remove };
};

export type FileUpload = { fileName: string; data: Buffer };

/**
 * Reads one uploaded file (multipart field `file`) into memory, refusing more than `maxBytes`
 * with a 413 that names the field and the limit. For photos and attachments, which are small and
 * re-encoded anyway.
 */
export const readFileUpload = async (req: FastifyRequest, maxBytes: number): Promise<FileUpload> => {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', [{ path: 'file', key: 'required' }]);
  const data = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!data) throw new AppError('validation_failed', [{ path: 'file', key: 'required' }]);
  const data_ = await data.toBuffer().catch((err: { code?: string }) => {
    if (err?.code === 'FST_REQ_FILE_TOO_LARGE') return null;
    throw err;
  });
  if (data_ === null || data.file.truncated)
    throw new AppError('payload_too_large', [{ path: 'file', key: 'file_too_large', params: { maxMb: Math.round(maxBytes / 1024 / 1024) } }]);
  return { fileName: (data.filename || 'file').slice(0, 200), data: data_ };
};
