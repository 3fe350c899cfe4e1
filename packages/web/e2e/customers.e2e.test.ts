import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pinyinKeys, type TContact, type TCustomer } from '@liaison/shared';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, pick, screenshot, setOwnerSeesOwnPhones, signIn, startServer, watchErrors, type RunningServer } from './harness';

type Page1<T> = { data: T[]; count: number };

const menu = (page: Page) => page.getByTestId('app-menu');
const menuLabels = async (page: Page) => (await menu(page).locator('.ant-menu-title-content').allTextContents()).map((s) => s.trim());
const getJson = async <T>(page: Page, url: string): Promise<T> => (await page.request.get(url)).json() as Promise<T>;

/** A small customer import in the template's Chinese headers, made on the fly. */
const importFile = async (rows: { name: string; licence: string; phone: string }[]): Promise<string> => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户导入');
  ws.addRow(['*客户类型', '*客户名称', '许可证号', '所在地区', '联系电话', '业态', '客户阶段']);
  for (const r of rows) ws.addRow(['零售户', r.name, r.licence, '浙江省杭州市西湖区', r.phone, '便利店', '潜在']);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-import-')), '客户导入.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
};

describe('customer archive in a real browser', () => {
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

  describe('account manager at 1280 px', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];

    /** Signs manager1 in and returns one of their customers with a masked phone (opened when `detail`). */
    const openManager1 = async (opts: { detail?: boolean } = {}): Promise<TCustomer> => {
      await signIn(page, 'manager1');
      const mine = await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=100&kind=outlet&sort=name');
      const customer = mine.data.find((c) => c.phone && c.masked.includes('phone') && /^[\u4e00-\u9fff]+$/.test(c.name));
      if (!customer) throw new Error('manager1 has no outlet with a masked phone and a Chinese name');
      if (opts.detail) {
        await page.goto(`/customers/${customer.id}`);
        await page.getByTestId('overview-basics').waitFor();
      }
      return customer;
    };

    // Each test starts from its own browser profile.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 1280, 860);
      page = await ctx.newPage();
      errors = watchErrors(page);
    });
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-customers-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
      expect(errors, 'errors logged in the browser').toEqual([]);
    });

    it('shows the customer menus but no import, handover or administration', async () => {
      await signIn(page, 'manager1');
      await page.getByTestId('customer-stats').waitFor();
      const labels = await menuLabels(page);
      expect(labels).toEqual(expect.arrayContaining(['工作台', '客户档案', '公海', '我的申请']));
      for (const hidden of ['变更审批', '导入客户', '客户交接', '离岗审计', '分级规则', '系统管理', '用户管理', '审计日志']) expect(labels).not.toContain(hidden);
      await screenshot(page, 'customers-workbench-1280');
    });

    it('finds a customer by pinyin initials and opens it', async () => {
      const customer = await openManager1();
      const initials = pinyinKeys(customer.name).initials;
      expect(initials).toMatch(/^[a-z]+$/);

      await menu(page).getByText('客户档案', { exact: true }).click();
      await page.waitForURL('**/customers');
      await page.getByTestId('customer-table').locator('.ant-table-row').first().waitFor();
      await screenshot(page, 'customers-list-1280');

      const search = page.getByTestId('customer-search').locator('input');
      await search.fill(initials);
      await search.press('Enter');
      await page.waitForURL(new RegExp(`q=${initials}`));
      const link = page.getByTestId('customer-table').getByRole('link', { name: customer.name, exact: true });
      await link.waitFor();
      await screenshot(page, 'customers-search-1280');
      await link.click();
      await page.waitForURL(`**/customers/${customer.id}`);
      expect(await page.getByTestId('customer-name').textContent()).toBe(customer.name);
      await page.getByTestId('overview-basics').waitFor();
      await screenshot(page, 'customer-detail-1280');
    });

    it('reveals a masked phone inline and records the reveal', async () => {
      // The bank-style policy: the owner, too, sees masks and reveals on purpose (decision 031).
      await setOwnerSeesOwnPhones(browser, server.baseUrl, false);
      const customer = await openManager1({ detail: true });
      const header = page.getByTestId('customer-header');
      expect(await header.textContent()).toContain(customer.phone!);
      await header.getByTestId('reveal-phone').click();
      const shown = header.getByTestId('revealed-phone');
      await shown.waitFor();
      const text = (await shown.textContent()) ?? '';
      expect(text).not.toContain('*');
      expect(text.replace(/\D/g, '')).toMatch(/^\d{7,}/);
      expect(text).toContain('已记入审计日志');

      const history = await getJson<Page1<{ kind: string; detail: { field?: string } }>>(page, `/api/v1/customers/${customer.id}/history?kind=reveal`);
      expect(history.data.some((e) => e.detail.field === 'phone')).toBe(true);
      await page.getByRole('tab', { name: '时间线' }).click();
      await page.getByTestId('customer-timeline').getByText('查看敏感信息').first().waitFor();
    });

    it('adds a contact with a lunar birthday', async () => {
      const customer = await openManager1({ detail: true });
      await page.getByRole('tab', { name: '联系人' }).click();
      await page.getByTestId('add-contact').first().click();
      const form = page.getByTestId('contact-form');
      await form.waitFor();
      await form.locator('#name').fill('测试联系人');
      await pick(page, form.locator('#role'), '决策者');
      await form.locator('#position').fill('总经理');
      await form.locator('#mobile').fill('13912345678');
      await form.getByTestId('birthday-calendar').getByText('农历', { exact: true }).click();
      // The day list is virtual (30 lunar days); type to find the day as a user would.
      await pick(page, form.locator('#birthMonth'), '八月');
      await pick(page, form.locator('#birthDay'), '十五', { search: '十五' });
      await form.locator('#preferences').fill('喜欢喝龙井茶');
      await screenshot(page, 'contact-form-1280');
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await form.waitFor({ state: 'detached' });

      const card = page.getByTestId('contact-card').filter({ hasText: '测试联系人' });
      await card.waitFor();
      const text = await card.textContent();
      expect(text).toContain('农历八月十五');
      expect(text).toContain('下次生日');
      expect(text).toContain('139****5678');
      await screenshot(page, 'contacts-1280');

      const contacts = await getJson<{ data: TContact[] }>(page, `/api/v1/customers/${customer.id}/contacts`);
      const saved = contacts.data.find((c) => c.name === '测试联系人')!;
      expect(saved).toMatchObject({ birthdayCalendar: 'lunar', birthMonth: 8, birthDay: 15, birthLeapMonth: false, role: 'decisionMaker' });
      expect(saved.nextBirthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('claims a customer from the pool', async () => {
      await openManager1();
      await menu(page).getByText('公海', { exact: true }).click();
      await page.waitForURL('**/pool');
      await page.getByTestId('pool-card').first().waitFor();
      const row = page.getByTestId('pool-table').locator('.ant-table-row').first();
      await row.waitFor();
      const name = (await row.locator('td').nth(0).locator('.ant-typography').first().textContent())!.trim();
      await screenshot(page, 'pool-1280');
      await row.getByTestId('claim').click();
      await page.getByText(`已领取：${name}`).waitFor();
      await expect
        .poll(async () => (await getJson<Page1<TCustomer>>(page, `/api/v1/customers?q=${encodeURIComponent(name)}`)).data.some((c) => c.name === name))
        .toBe(true);
      await page.getByTestId('pool-table').locator('.ant-table-row').filter({ hasText: name }).waitFor({ state: 'detached' });
    });

  });

  describe('team leader at 1280 px', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    const stamp = Date.now().toString().slice(-6);
    const rows = [1, 2, 3].map((i) => ({ name: `导入测试便利店${stamp}${'甲乙丙'[i - 1]}`, licence: `3301061${stamp}${i}`, phone: `1370000${stamp.slice(-3)}${i}` }));

    // Each test starts from its own browser profile.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 1280, 860);
      page = await ctx.newPage();
      errors = watchErrors(page);
    });
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-leader-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
      expect(errors, 'errors logged in the browser').toEqual([]);
    });

    it('has the import, handover and audit menus', async () => {
      await signIn(page, 'leader1');
      await menu(page).getByText('客户档案', { exact: true }).waitFor();
      const labels = await menuLabels(page);
      expect(labels).toEqual(expect.arrayContaining(['导入客户', '客户交接', '离岗审计']));
      // Leaders read the grading rules (read-only); the page is theirs to consult, not to edit.
      expect(labels).toContain('分级规则');
    });

    it('imports a small .xlsx and follows the progress to done', async () => {
      await signIn(page, 'leader1');
      const file = await importFile(rows);
      await menu(page).getByText('导入客户', { exact: true }).click();
      await page.waitForURL('**/customers/import');
      await page.getByTestId('import-prepare').waitFor();
      await screenshot(page, 'import-1280');
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-upload').waitFor();
      await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
      await page.waitForURL(/job=/);

      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.getAttribute('data-outcome')).toBe('complete');
      expect(await result.locator('[role=progressbar]').first().getAttribute('aria-valuenow')).toBe('100');
      expect(await result.textContent()).toContain('成功导入 3 户客户');
      await screenshot(page, 'import-done-1280');

      await page.getByTestId('view-imported').click();
      await page.waitForURL(/\/customers\?sort=-createdAt/);
      const table = page.getByTestId('customer-table');
      for (const r of rows) await table.getByRole('link', { name: r.name, exact: true }).waitFor();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it('shows a wrong row and writes nothing in all-or-nothing mode', async () => {
      await signIn(page, 'leader1');
      const total = async () => (await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=1')).count;
      const before = await total();
      const good = { name: `正确测试${stamp}`, licence: `3301069${stamp}`, phone: `1390000${stamp.slice(-4)}` };
      const file = await importFile([good, { name: `错误测试${stamp}`, licence: '', phone: '12345' }]);
      await page.goto('/customers/import');
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.getAttribute('data-outcome')).toBe('rejected');
      await page.getByTestId('import-errors').locator('.ant-table-row').first().waitFor();
      expect(await page.getByTestId('download-errors').getAttribute('href')).toMatch(/^\/api\/v1\/imports\/.+\/errors\.xlsx$/);
      await screenshot(page, 'import-errors-1280');
      // All or nothing: the good row was not stored either.
      expect(await total()).toBe(before);
      expect((await getJson<Page1<TCustomer>>(page, `/api/v1/customers?q=${encodeURIComponent(good.name)}`)).data).toEqual([]);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it('says a GBK CSV with an ASCII start was read as GB18030, and stores its Chinese names intact', async () => {
      await signIn(page, 'leader1');
      const ascii = ['Kind,Name,Needs'];
      for (let i = 1; ascii.join('\n').length < 70 * 1024; i++) ascii.push(`enterprise,Ascii Co ${stamp}-${i},${'Payroll and cash management for the staff. '.repeat(3).trim()}`);
      const name = `杭州某某${stamp}有限公司`;
      const { default: iconv } = await import('iconv-lite');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbk-'));
      const file = path.join(dir, 'english-header-gbk.csv');
      fs.writeFileSync(file, iconv.encode([...ascii, `企业,${name},需要代发工资`].join('\r\n'), 'gb18030'));
      await page.goto('/customers/import');
      await page.getByTestId('import-next').click();
      await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 60_000 });
      expect(await result.getAttribute('data-outcome')).toBe('complete');
      expect(await page.getByTestId('import-encoding').getAttribute('data-encoding')).toBe('gb18030');
      expect(await page.getByTestId('import-encoding').textContent()).toContain('按 GB18030 (GBK) 编码读取');
      await screenshot(page, 'import-gbk-1280');
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByTestId('import-encoding').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'import-gbk-375');
      expect((await getJson<Page1<TCustomer>>(page, `/api/v1/customers?q=${encodeURIComponent(name)}`)).data.map((c) => c.name)).toEqual([name]);
      fs.rmSync(dir, { recursive: true, force: true });
    });

  });

  describe('account manager on a 375 px phone', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];

    // Each test starts from its own browser profile.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 375, 812);
      page = await ctx.newPage();
      errors = watchErrors(page);
    });
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-phone-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
      expect(errors, 'errors logged in the browser').toEqual([]);
    });

    it('lists customers as cards without horizontal overflow, filters behind a button', async () => {
      await signIn(page, 'manager2');
      await page.goto('/customers');
      await page.getByTestId('customer-card').first().waitFor();
      expect(await page.getByTestId('customer-table').count()).toBe(0);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'customers-375');

      expect(await page.getByTestId('filter-stage').count()).toBe(0);
      await page.getByTestId('customer-filters').locator('.ant-badge button').click();
      await page.getByTestId('filter-stage').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'customers-filters-375');
    });

    it('opens a customer from its card and fits the detail on the screen', async () => {
      await signIn(page, 'manager2');
      await page.goto('/customers');
      const first = page.getByTestId('customer-card').first();
      const name = (await first.locator('.ant-typography').first().textContent())!.trim();
      await first.click();
      await page.waitForURL(/\/customers\/[^/?]+$/);
      expect(await page.getByTestId('customer-name').textContent()).toBe(name);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'customer-detail-375');
    });

  });
});
