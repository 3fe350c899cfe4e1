import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TCustomer, TTicket } from '@liaison/shared';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, pick, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

const getJson = async <T>(page: Page, url: string): Promise<T> => (await page.request.get(url)).json() as Promise<T>;

/** Waits until the ticket page shows `status` (the header's status tag). */
const statusIs = (page: Page, status: string) => page.getByTestId('ticket-header').getByTestId('ticket-status').filter({ hasText: status }).waitFor();

/** Opens the action's form on the ticket page, lets `fill` fill it, submits, and waits for the modal to close. */
const act = async (page: Page, action: string, fill: () => Promise<void> = async () => {}) => {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  await fill();
  await page.getByTestId('action-submit').click();
  await modal.waitFor({ state: 'hidden' });
};

const session = async (browser: Browser, baseUrl: string, user: string, width = 1280, height = 900) => {
  const ctx = await newContext(browser, baseUrl, width, height);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signIn(page, user);
  return { ctx, page, errors };
};

describe('service tickets in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // One story from registration to closing: its steps depend on each other, so it is one test.
  describe('a complaint through every step as manager1, handler1 and leader1', () => {
    const sessions: Awaited<ReturnType<typeof session>>[] = [];
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') for (const [n, s] of sessions.entries()) await screenshot(s.page, `FAILED-tickets-${n}-${task.name.replace(/\W+/g, '-')}`);
      for (const s of sessions.splice(0)) await s.ctx.close();
    });

    it('is registered, accepted, dispatched, analysed, proposed, approved, implemented, called back and closed', { timeout: 240_000 }, async () => {
      const m = await session(browser, server.baseUrl, 'manager1');
      const h = await session(browser, server.baseUrl, 'handler1');
      const l = await session(browser, server.baseUrl, 'leader1');
      sessions.push(m, h, l);
      let ticketUrl = '';

      // manager1 records the complaint; its deadline is explained.
      {
        const page = m.page;
        const customers = await getJson<{ data: TCustomer[] }>(page, '/api/v1/customers?perPage=1&sort=name');
        const customer = customers.data[0]!;
        await page.goto('/tickets/new');
        await page.getByTestId('ticket-form').waitFor();
        await page.locator('#customerId').fill(customer.name.slice(0, 4));
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: customer.name }).first().click();
        await page.getByTestId('ticket-title').fill('浏览器测试：配送延误投诉');
        await page.getByTestId('ticket-description').fill('客户称本周订货晚到两天，影响周末销售。');
        await page.getByTestId('ticket-submit').click();
        await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
        ticketUrl = new URL(page.url()).pathname;
        await statusIs(page, '待受理');
        const explanation = page.getByTestId('deadline-resolution-explanation');
        await explanation.waitFor();
        expect(await explanation.locator('li').first().textContent()).toMatch(/^受理 \d{4}年\d+月\d+日（周.）\d{2}:\d{2} \+ 15 个自然日 → /);
        expect(await page.getByTestId('ticket-steps').locator('.ant-steps-item').count()).toBe(9);
        await screenshot(page, 'ticket-show-new-1280');
        expect(m.errors).toEqual([]);
      }

      // handler1 accepts it from the unit queue, dispatches, analyses and proposes.
      {
        const page = h.page;
        await page.goto('/tickets?view=unit&q=' + encodeURIComponent('浏览器测试'));
        await page.getByTestId('ticket-link').first().click();
        await page.waitForURL((u) => u.pathname === ticketUrl);
        await statusIs(page, '待受理');
        await act(page, 'accept');
        await statusIs(page, '待派单');
        await act(page, 'assign', async () => {
          await pick(page, page.locator('.ant-modal:visible #assigneeId'), '黄海');
          await page.locator('.ant-modal:visible .ant-select-content-has-value').filter({ hasText: '黄海' }).waitFor();
        });
        await statusIs(page, '原因分析');
        await act(page, 'analyse', async () => {
          await pick(page, page.locator('.ant-modal:visible #cause'), '供货配送');
          await page.locator('.ant-modal:visible .ant-select-content-has-value').filter({ hasText: '供货配送' }).waitFor();
          await page.getByTestId('field-analysis').fill('配送线路调整，司机不熟悉门店位置。');
        });
        await statusIs(page, '处理方案');
        await act(page, 'propose', () => page.getByTestId('field-proposal').fill('恢复原配送顺序，线路负责人上门致歉。'));
        await statusIs(page, '待批示');
        // Approval is the leader's: handler1 is not offered it.
        expect(await page.getByTestId('action-approve').count()).toBe(0);
        expect(h.errors).toEqual([]);
      }

      // leader1 approves; handler1 implements; manager1 calls back; leader1 reviews and closes.
      await l.page.goto(ticketUrl);
      await statusIs(l.page, '待批示');
      await act(l.page, 'approve', () => l.page.getByTestId('field-comment').fill('同意，抓紧落实。'));
      await statusIs(l.page, '实施中');

      await h.page.goto(ticketUrl);
      await statusIs(h.page, '实施中');
      await act(h.page, 'implement', () => h.page.getByTestId('field-implementation').fill('已恢复原线路并上门致歉。'));
      await statusIs(h.page, '待回访');

      await m.page.goto(ticketUrl);
      await statusIs(m.page, '待回访');
      await act(m.page, 'callback', async () => {
        await m.page.locator('.ant-modal:visible .ant-rate-star').nth(4).click();
        await m.page.getByTestId('field-note').fill('客户满意');
      });
      await statusIs(m.page, '总结评价');

      await l.page.goto(ticketUrl);
      await statusIs(l.page, '总结评价');
      await act(l.page, 'review', () => l.page.getByTestId('field-summary').fill('已整改，纳入月度分析。'));
      await statusIs(l.page, '已关闭');
      const history = l.page.getByTestId('ticket-history').locator('.ant-timeline-item');
      await history.nth(8).waitFor();
      const texts = await history.allTextContents();
      expect(texts.map((x) => x.split(/张伟|黄海|王建国/)[0]!.trim())).toEqual(['登记', '受理', '派单', '提交原因分析', '提交处理方案', '批示', '完成实施', '回访', '总结评价并关闭']);
      const ticket = await getJson<TTicket>(l.page, `/api/v1${ticketUrl}`);
      expect(ticket).toMatchObject({ status: 'closed', satisfaction: 5, cause: 'supplyDelivery' });
      await screenshot(l.page, 'ticket-show-closed-1280');
      expect([...m.errors, ...h.errors, ...l.errors]).toEqual([]);
    });
  });

  describe('pages at 1280 and 375 px', () => {
    it('the list, the ticket page and the workbench card for handler1', async () => {
      for (const width of [1280, 375]) {
        const s = await session(browser, server.baseUrl, 'handler1', width, width === 375 ? 812 : 900);
        await s.page.goto('/tickets?view=unit');
        await (width === 375 ? s.page.getByTestId('ticket-card').first() : s.page.getByTestId('ticket-link').first()).waitFor();
        expect(await horizontalOverflow(s.page)).toBe(0);
        await screenshot(s.page, `tickets-list-${width}`);
        await (width === 375 ? s.page.getByTestId('ticket-card').first() : s.page.getByTestId('ticket-link').first()).click();
        await s.page.getByTestId('deadline-resolution-explanation').waitFor();
        expect(await horizontalOverflow(s.page)).toBe(0);
        await screenshot(s.page, `ticket-show-${width}`);
        await s.page.goto('/');
        await s.page.getByTestId('workbench-tickets').waitFor();
        await screenshot(s.page, `workbench-${width}`);
        expect(s.errors).toEqual([]);
        await s.ctx.close();
      }
    });

    it('the new-ticket form works at 375 px', async () => {
      const s = await session(browser, server.baseUrl, 'manager1', 375, 812);
      const page = s.page;
      const customers = await getJson<{ data: TCustomer[] }>(page, '/api/v1/customers?perPage=1&sort=-createdAt');
      const customer = customers.data[0]!;
      await page.goto(`/tickets/new?customerId=${customer.id}`);
      await page.getByTestId('ticket-form').waitFor();
      await page.locator(`.ant-select-content-has-value[title="${customer.name}"]`).waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      // Nothing typed: the form names the missing fields.
      await page.getByTestId('ticket-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await screenshot(page, 'ticket-new-375');
      await page.getByText('故障', { exact: true }).click();
      await page.getByTestId('ticket-title').fill('拜访中发现收款机故障');
      await page.getByTestId('ticket-description').fill('走访时店主反映收款机无法开机。');
      await page.getByTestId('ticket-submit').click();
      await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
      await statusIs(page, '待受理');
      expect(await horizontalOverflow(page)).toBe(0);
      const created = await getJson<TTicket>(page, `/api/v1${new URL(page.url()).pathname}`);
      expect(created).toMatchObject({ kind: 'fault', customerId: customer.id, resolution: { unit: 'workingHours', amount: 16 } });
      expect(s.errors).toEqual([]);
      await s.ctx.close();
    });

    it('statistics for leader1', async () => {
      for (const width of [1280, 375]) {
        const s = await session(browser, server.baseUrl, 'leader1', width, width === 375 ? 812 : 900);
        await s.page.goto('/tickets/stats');
        await s.page.getByTestId('stats-kpis').waitFor();
        await s.page.getByTestId('stats-trend').locator('canvas').waitFor();
        await s.page.getByTestId('stats-units').locator('.ant-table-row').first().waitFor();
        expect(await horizontalOverflow(s.page)).toBe(0);
        await screenshot(s.page, `ticket-stats-${width}`);
        expect(s.errors).toEqual([]);
        await s.ctx.close();
      }
    });

    it('SLA and calendar settings for the admin', async () => {
      for (const width of [1280, 375]) {
        const s = await session(browser, server.baseUrl, 'admin', width, width === 375 ? 812 : 900);
        await s.page.goto('/admin/sla');
        await s.page.getByTestId('sla-policies').locator('.ant-table-row').nth(19).waitFor();
        expect(await horizontalOverflow(s.page)).toBe(0);
        await screenshot(s.page, `sla-policies-${width}`);
        await s.page.goto('/admin/sla?tab=calendar&year=2026');
        await s.page.getByTestId('calendar-status').filter({ hasText: '已发布' }).waitFor();
        await s.page.locator('[data-date="2026-02-14"][data-kind="makeupWorkday"]').waitFor();
        expect(await s.page.getByTestId('calendar-makeup').locator('.ant-list-item').count()).toBe(6);
        expect(await horizontalOverflow(s.page)).toBe(0);
        await screenshot(s.page, `sla-calendar-2026-${width}`);
        await s.page.goto('/admin/sla?tab=calendar&year=2027');
        await s.page.getByTestId('calendar-status').filter({ hasText: '暂定' }).waitFor();
        await screenshot(s.page, `sla-calendar-2027-${width}`);
        expect(s.errors).toEqual([]);
        await s.ctx.close();
      }
    });
  });
});
