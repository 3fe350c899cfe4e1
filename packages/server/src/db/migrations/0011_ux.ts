import type { Kysely } from 'kysely';

export const up = async (db: Kysely<any>): Promise<void> => {
  // "我的申请": a manager's own change requests, newest first.
  await db.schema.createIndex('change_request_requester_idx').on('change_request').columns(['requested_by', 'requested_at']).execute();
};
