import { TICKET_ATTACHMENT_MAX, type TTicketAttachment } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { requirePermission } from '../../access/access.js';
import { AppError } from '../../errors.js';
import { lockRow, transaction } from '../../db/transaction.js';
import { attachments } from '../../storage/attachments.js';
import { prepareImage } from '../../storage/images.js';
import type { FileUpload } from '../../http/upload.js';
import { findTicket } from './ticket.repository.js';
import { insertTicketEvent } from './ticket.events.js';

const OWNER = 'ticket';

const present = (a: { id: string; fileName: string; mime: string; size: number; width: number | null; height: number | null; createdBy: string; createdAt: string }): TTicketAttachment => ({
  id: a.id,
  fileName: a.fileName,
  mime: a.mime,
  size: a.size,
  width: a.width,
  height: a.height,
  createdBy: a.createdBy,
  createdAt: a.createdAt,
});

/** Who may see a ticket may see its files; who may open or work tickets may add to an open one. */
export const addTicketAttachment = async (ctx: AppContext, auth: Auth, id: string, file: FileUpload): Promise<TTicketAttachment> => {
  requirePermission(auth, 'ticket.read');
  if (!auth.grants.has('ticket.create') && !auth.grants.has('ticket.handle')) throw new AppError('permission_denied');
  const image = await prepareImage(file.data, { field: 'file' });
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    await lockRow(tx, 'ticket', id);
    const t = await findTicket(tx, auth, id);
    if (!t) throw new AppError('not_found');
    if (t.status === 'closed') throw new AppError('invalid_state');
    if ((await attachments.count(tx, OWNER, id)) >= TICKET_ATTACHMENT_MAX) throw new AppError('limit_reached', [{ path: 'file', key: 'too_many_files', params: { max: TICKET_ATTACHMENT_MAX } }]);
    const meta = await attachments.put(tx, { ownerType: OWNER, ownerId: id, fileName: file.fileName, mime: image.mime, data: image.data, width: image.width, height: image.height, createdBy: auth.userId }, now);
    await insertTicketEvent(tx, now, auth, { ticketId: id, action: 'attach', fromStatus: t.status, toStatus: t.status, detail: { attachmentId: meta.id, fileName: meta.fileName } });
    return present(meta);
  });
};

export const listTicketAttachments = async (ctx: AppContext, auth: Auth, id: string) => {
  requirePermission(auth, 'ticket.read');
  const t = await findTicket(ctx.db, auth, id);
  if (!t) throw new AppError('not_found');
  return { data: (await attachments.list(ctx.db, OWNER, [id])).map(present) };
};

export const readTicketAttachment = async (ctx: AppContext, auth: Auth, id: string, attachmentId: string) => {
  requirePermission(auth, 'ticket.read');
  const t = await findTicket(ctx.db, auth, id);
  if (!t) throw new AppError('not_found');
  const a = await attachments.read(ctx.db, OWNER, attachmentId);
  if (!a || a.ownerId !== id) throw new AppError('not_found');
  return a;
};
