import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild, launchBrowser, newContext, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

/** Issue 11 item 8: the customer list's search box ANDs its words ("崔 食杂" finds 崔辉子食杂店). */
describe('customer search box in a real browser', () => {
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

  for (const [width, height] of [
    [1280, 860],
    [375, 760],
  ] as const) {
    describe(`manager1 at ${width} px`, () => {
      let ctx: BrowserContext;
      let page: Page;
      let errors: string[];
      beforeAll(async () => {
        ctx = await newContext(browser, server.baseUrl, width, height);
        page = await ctx.newPage();
        errors = watchErrors(page);
      });
      afterAll(async () => ctx?.close());
      afterEach(async ({ task }) => {
        if (task.result?.state === 'fail') await screenshot(page, `FAILED-search-${width}-${task.name.replace(/\W+/g, '-')}`);
      });

      it('"崔 食杂" finds 崔辉子食杂店 and not the shops that have only one of the words', async () => {
        await signIn(page, 'manager1');
        const me = await (await page.request.get('/api/v1/me')).json();
        const suffix = width === 1280 ? '' : '二店';
        const names = [`崔辉子食杂店${suffix}`, `崔记五金店${suffix}`, `王家食杂店${suffix}`];
        for (const name of names) {
          const res = await page.request.post('/api/v1/customers', {
            data: { kind: 'outlet', name, licenceNo: `330106${Date.now() % 1e8}${Math.floor(Math.random() * 100)}`, regionCode: '330106', businessFormat: 'grocery', confirmDuplicates: true },
            headers: { 'x-csrf-token': me.csrfToken },
          });
          expect(res.status(), await res.text()).toBe(201);
        }
        await page.goto('/customers');
        const search = page.getByTestId('customer-search').locator('input');
        await search.waitFor();
        await search.fill('崔 食杂');
        await search.press('Enter');
        await page.waitForURL(/q=/);
        const shown = width === 1280 ? page.getByTestId('customer-table').locator('.ant-table-row') : page.locator('[data-testid=customer-cards] [data-testid=customer-card]');
        const target = page.getByText(names[0]!, { exact: true }).first();
        await target.waitFor();
        // What the page shows is what the server's AND finds: every row has both words.
        const api = await (await page.request.get(`/api/v1/customers?q=${encodeURIComponent('崔 食杂')}&perPage=100`)).json();
        expect(api.data.map((c: { name: string }) => c.name)).toContain(names[0]);
        for (const c of api.data as { name: string }[]) expect(c.name === names[1] || c.name === names[2], c.name).toBe(false);
        await expect.poll(() => shown.count()).toBe(Math.min(api.data.length, 20));
        expect(await page.getByText(names[1]!, { exact: true }).count()).toBe(0);
        expect(await page.getByText(names[2]!, { exact: true }).count()).toBe(0);
        await screenshot(page, `customers-search-and-${width}`);
        expect(errors).toEqual([]);
      });
    });
  }
});
