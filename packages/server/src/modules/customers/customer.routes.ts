import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAssignBody, ZBulkReleaseBody, ZBulkTagBody, ZClaimBody, ZContact, ZCreateContactBody, ZCreateCustomerBody, ZCustomer, ZCustomerEvent, ZCustomerQuery, ZListOf, ZOk, ZReleaseBody, ZRevealBody, ZStageBody, ZUpdateContactBody, ZUpdateCustomerBody, ZIdempotencyHeaders, ZVersionQuery } from '@liaison/shared';
import type { AppContext } from '../../context.js';
import { requireAuth, requestMeta } from '../../http/request.js';
import { idempotent } from '../../http/idempotency.js';
import * as customers from './customer.service.js';
import * as contacts from './contact.service.js';
import * as pool from '../pool/pool.service.js';
import { exportCustomers } from '../exports/customerExport.js';
import { customerForm } from '../exports/customerForm.js';
import { attachment, XLSX_TYPE } from '../exports/xlsx.js';

const ZParams = z.object({ id: z.string().max(64) });
const ZContactParams = z.object({ id: z.string().max(64), contactId: z.string().max(64) });
const ZBulkResult = z.object({ updated: z.number().int() });

export const customerRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['customers'];
    app.get(
      '/api/v1/customers',
      { schema: { tags, summary: '客户列表（按数据范围） Customers in scope', querystring: ZCustomerQuery, response: { 200: ZListOf(ZCustomer) } } },
      async (req) => customers.listCustomers(ctx, requireAuth(req), req.query),
    );
    app.get(
      '/api/v1/customers/export.xlsx',
      {
        schema: {
          tags,
          summary: '导出当前筛选的客户（按权限脱敏，记审计） Export the filtered list',
          querystring: ZCustomerQuery.extend({ unmasked: z.enum(['true', 'false']).optional() }),
        },
      },
      async (req, reply) => {
        const { unmasked, ...q } = req.query;
        return exportCustomers(ctx, requireAuth(req), requestMeta(req), reply, q, unmasked === 'true', req.locale);
      },
    );
    app.get('/api/v1/customers/:id/form.xlsx', { schema: { tags, summary: '客户档案表 Form 1 as .xlsx', params: ZParams } }, async (req, reply) => {
      const { buffer, name } = await customerForm(ctx, requireAuth(req), requestMeta(req), req.params.id);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name, 'customer-file.xlsx')).send(buffer);
    });
    app.post(
      '/api/v1/customers',
      { schema: { tags, summary: '新建客户（含查重） Create with duplicate check', headers: ZIdempotencyHeaders, body: ZCreateCustomerBody, response: { 201: ZCustomer } } },
      async (req, reply) => {
        reply.status(201);
        return idempotent(ctx, req, reply, () => customers.createCustomer(ctx, requireAuth(req), requestMeta(req), req.body));
      },
    );
    app.get('/api/v1/customers/:id', { schema: { tags, summary: '客户档案 A customer file', params: ZParams, response: { 200: ZCustomer } } }, async (req) =>
      customers.getCustomer(ctx, requireAuth(req), req.params.id),
    );
    app.patch('/api/v1/customers/:id', { schema: { tags, summary: '修改客户档案（含查重） Edit with duplicate check', params: ZParams, body: ZUpdateCustomerBody, response: { 200: ZCustomer } } }, async (req) =>
      customers.updateCustomer(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/customers/:id/history',
      {
        schema: {
          tags,
          summary: '客户时间线与变更历史 Timeline and field history',
          params: ZParams,
          querystring: z.strictObject({ page: z.coerce.number().int().min(1).max(100000).optional(), perPage: z.coerce.number().int().min(1).max(200).optional(), kind: z.string().max(40).optional() }),
          response: { 200: ZListOf(ZCustomerEvent) },
        },
      },
      async (req) => customers.customerHistory(ctx, requireAuth(req), req.params.id, req.query),
    );
    app.post('/api/v1/customers/:id/stage', { schema: { tags, summary: '变更客户阶段 Change stage', params: ZParams, body: ZStageBody, response: { 200: ZCustomer } } }, async (req) =>
      customers.changeStage(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post(
      '/api/v1/customers/:id/reveal',
      { schema: { tags, summary: '查看敏感信息明文（记审计） Reveal one value (audited)', params: ZParams, body: ZRevealBody, response: { 200: z.object({ field: z.string(), value: z.string().nullable() }) } } },
      async (req) => customers.revealValue(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body.field, req.body.contactId),
    );
    app.post('/api/v1/customers/:id/claim', { schema: { tags, summary: '从公海领取 Claim from the pool', params: ZParams, body: ZClaimBody, response: { 200: ZCustomer } } }, async (req) =>
      pool.claimCustomer(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body.version),
    );
    app.post('/api/v1/customers/:id/release', { schema: { tags, summary: '退回公海 Release to the pool', params: ZParams, body: ZReleaseBody, response: { 200: ZCustomer } } }, async (req) =>
      pool.releaseCustomer(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body),
    );
    app.post('/api/v1/customers/assign', { schema: { tags, summary: '批量分配 Bulk assign', body: ZAssignBody, response: { 200: ZBulkResult } } }, async (req) =>
      pool.assignCustomers(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.post('/api/v1/customers/release', { schema: { tags, summary: '批量退回公海 Bulk release', body: ZBulkReleaseBody, response: { 200: ZBulkResult } } }, async (req) =>
      pool.bulkRelease(ctx, requireAuth(req), requestMeta(req), req.body),
    );
    app.post('/api/v1/customers/tags', { schema: { tags, summary: '批量打标签 Bulk tag', body: ZBulkTagBody, response: { 200: ZBulkResult } } }, async (req) =>
      pool.bulkTag(ctx, requireAuth(req), requestMeta(req), req.body),
    );

    const ctags = ['contacts'];
    app.get('/api/v1/customers/:id/contacts', { schema: { tags: ctags, summary: '客户的联系人 A customer’s contacts', params: ZParams, response: { 200: z.object({ data: z.array(ZContact) }) } } }, async (req) => ({
      data: await contacts.listContacts(ctx, requireAuth(req), req.params.id),
    }));
    app.post(
      '/api/v1/customers/:id/contacts',
      { schema: { tags: ctags, summary: '新增联系人 Add a contact', params: ZParams, headers: ZIdempotencyHeaders, body: ZCreateContactBody, response: { 201: ZContact } } },
      async (req, reply) => {
        reply.status(201);
        return idempotent(ctx, req, reply, () => contacts.createContact(ctx, requireAuth(req), requestMeta(req), req.params.id, req.body));
      },
    );
    app.patch('/api/v1/customers/:id/contacts/:contactId', { schema: { tags: ctags, summary: '修改联系人 Edit a contact', params: ZContactParams, body: ZUpdateContactBody, response: { 200: ZContact } } }, async (req) =>
      contacts.updateContact(ctx, requireAuth(req), requestMeta(req), req.params.id, req.params.contactId, req.body),
    );
    app.delete(
      '/api/v1/customers/:id/contacts/:contactId',
      { schema: { tags: ctags, summary: '删除联系人 Delete a contact', params: ZContactParams, querystring: z.strictObject({ version: ZVersionQuery }), response: { 200: ZOk } } },
      async (req) => {
        await contacts.deleteContact(ctx, requireAuth(req), requestMeta(req), req.params.id, req.params.contactId, req.query.version);
        return { ok: true as const };
      },
    );
  };
