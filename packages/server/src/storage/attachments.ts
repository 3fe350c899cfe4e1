import crypto from 'node:crypto';
import { newId, num, toIso } from '../db/dialect.js';
import type { Tx } from '../db/schema.js';

export type AttachmentMeta = {
  id: string;
  ownerType: string;
  ownerId: string;
  fileName: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  createdBy: string;
  createdAt: string;
};
export type NewAttachment = { ownerType: string; ownerId: string; fileName: string; mime: string; data: Buffer; width?: number | null; height?: number | null; createdBy: string };

/**
 * Where files live. Modules (visit photos, ticket attachments, signatures) own the rules — who
 * may see a file is who may see its owner record — and call a store for the bytes. The default
 * keeps them in the database, in the same transaction as the record, so every app instance
 * serves every file and a backup holds everything; another store (object storage) implements
 * the same calls.
 */
export type AttachmentStore = {
  put: (tx: Tx, file: NewAttachment, now: Date) => Promise<AttachmentMeta>;
  /** Metadata of the files of several owners, oldest first (one query for a whole list). */
  list: (tx: Tx, ownerType: string, ownerIds: string[]) => Promise<AttachmentMeta[]>;
  read: (tx: Tx, ownerType: string, id: string) => Promise<(AttachmentMeta & { data: Buffer }) | null>;
  count: (tx: Tx, ownerType: string, ownerId: string) => Promise<number>;
  remove: (tx: Tx, ownerType: string, ownerId: string, id?: string) => Promise<number>;
};

const metaColumns = ['id', 'ownerType', 'ownerId', 'fileName', 'mime', 'size', 'width', 'height', 'sha256', 'createdBy', 'createdAt'] as const;

const present = (r: Record<string, unknown>): AttachmentMeta => ({ ...(r as AttachmentMeta), size: num(r.size), width: r.width == null ? null : num(r.width), height: r.height == null ? null : num(r.height) });

export const databaseStore: AttachmentStore = {
  put: async (tx, file, now) => {
    const row = {
      id: newId(),
      ownerType: file.ownerType,
      ownerId: file.ownerId,
      fileName: file.fileName.slice(0, 200),
      mime: file.mime,
      size: file.data.length,
      width: file.width ?? null,
      height: file.height ?? null,
      sha256: crypto.createHash('sha256').update(file.data).digest('hex'),
      data: file.data,
      createdBy: file.createdBy,
      createdAt: toIso(now),
    };
    await tx.insertInto('attachment').values(row).execute();
    const { data: _data, ...meta } = row;
    return meta;
  },
  list: async (tx, ownerType, ownerIds) => {
    if (!ownerIds.length) return [];
    const rows = await tx.selectFrom('attachment').select(metaColumns).where('ownerType', '=', ownerType).where('ownerId', 'in', ownerIds).orderBy('createdAt').orderBy('id').execute();
    return rows.map(present);
  },
  read: async (tx, ownerType, id) => {
    const row = await tx.selectFrom('attachment').selectAll().where('ownerType', '=', ownerType).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return { ...present(row), data: Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data as unknown as Uint8Array) };
  },
  count: async (tx, ownerType, ownerId) => {
    const row = await tx.selectFrom('attachment').select((eb) => eb.fn.countAll().as('n')).where('ownerType', '=', ownerType).where('ownerId', '=', ownerId).executeTakeFirst();
    return num(row?.n);
  },
  remove: async (tx, ownerType, ownerId, id) => {
    let q = tx.deleteFrom('attachment').where('ownerType', '=', ownerType).where('ownerId', '=', ownerId);
    if (id) q = q.where('id', '=', id);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows);
  },
};

/** The store the app uses; one place to swap it. */
export const attachments: AttachmentStore = databaseStore;
