import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TCustomer } from '@liaison/shared';
import { apiAs, ensureWebBuild, horizontalOverflow, launchBrowser, newContext, screenshot, setOwnerSeesOwnPhones, signIn, startServer, watchErrors, type RunningServer } from './harness';

type Page1<T> = { data: T[]; count: number };
const getJson = async <T>(page: Page, url: string): Promise<T> => {
  const res = await page.request.get(url);
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};
const send = async <T>(page: Page, method: 'post' | 'put', url: string, data: unknown): Promise<T> => {
  // The session's CSRF token comes with /me, as the app gets it.
  const csrf = (await getJson<{ csrfToken?: string }>(page, '/api/v1/me')).csrfToken ?? '';
  const res = await page.request[method](url, { data, headers: { 'x-csrf-token': csrf } });
  if (!res.ok()) throw new Error(`${method.toUpperCase()} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};

/** tel:, geo: and map links the page opens are recorded instead of leaving the page. */
const catchExternalLinks = (ctx: BrowserContext) =>
  ctx.addInitScript(() => {
    (window as any).__external = [];
    document.addEventListener(
      'click',
      (e) => {
        const a = (e.target as Element | null)?.closest?.('a');
        if (a && /^(tel:|geo:|https:\/\/uri\.amap\.com)/.test(a.href)) {
          (window as any).__external.push(a.href);
          e.preventDefault();
        }
      },
      true,
    );
  });
const externalLinks = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).__external as string[]);
const revealsOf = async (page: Page, customerId: string, field: string) =>
  (await getJson<Page1<{ detail: { field?: string } }>>(page, `/api/v1/customers/${customerId}/history?kind=reveal&perPage=100`)).data.filter((e) => e.detail.field === field).length;

/**
 * Counts the bytes that cross the wire (headers and compressed bodies), from Chromium's own
 * network events, for everything the page loads — documents, scripts, styles, fonts, API calls.
 */
const recordTransfer = async (page: Page) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  const encodings = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.responseReceived', (e) => encodings.set(e.requestId, String(e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '')));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  return {
    total: () => [...sizes.values()].reduce((a, b) => a + b, 0),
    requests: () => sizes.size,
    largest: () =>
      [...sizes]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([id, n]) => `${Math.round(n / 1024)} KB ${encodings.get(id) || 'identity'} ${urls.get(id)?.replace(/^https?:\/\/[^/]+/, '')}`),
    scripts: () => [...urls.values()].filter((u) => /\/assets\/.*\.js$/.test(u)),
  };
};

/** Waits until no request has been in flight for a moment: the page has loaded what it loads. */
const settle = (page: Page) => page.waitForLoadState('networkidle');

describe('UX fixes in a real browser', () => {
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

  describe('item 11: a first visit that loads like a product', () => {
    let ctx: BrowserContext;
    afterAll(async () => ctx?.close());

    it('sign-in plus the manager workbench transfer at most 500 KB on a first visit, compressed, no ECharts', async () => {
      ctx = await newContext(browser, server.baseUrl, 1280, 860);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      const wire = await recordTransfer(page);
      await signIn(page, 'manager1');
      await page.getByTestId('customer-stats').waitFor();
      await settle(page);
      const total = wire.total();
      console.log(`sign-in + workbench: ${Math.round(total / 1024)} KB in ${wire.requests()} requests\n  ${wire.largest().join('\n  ')}`);
      expect(wire.requests()).toBeGreaterThan(5);
      expect(total).toBeGreaterThan(50 * 1024);
      expect(total).toBeLessThanOrEqual(500 * 1024);
      expect(wire.scripts().some((u) => /EChart/.test(u))).toBe(false);
      expect(errors).toEqual([]);
    });

    it('the shell is no-cache, hashed assets immutable and brotli-compressed, as the browser receives them', async () => {
      const page = await ctx.newPage();
      const shell = await page.goto('/customers');
      expect(shell!.headers()['cache-control']).toBe('no-cache');
      const script = await page.locator('script[type=module][src^="/assets/"]').first().getAttribute('src');
      expect(script).toMatch(/^\/assets\/.+-[\w-]{8}\.js$/);
      const res = await page.request.get(script!, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers()['content-encoding']).toBe('br');
      await page.close();
    });

    it('a customer detail on a first visit transfers at most 800 KB', async () => {
      const fresh = await newContext(browser, server.baseUrl, 1280, 860);
      try {
        const page = await fresh.newPage();
        await signIn(page, 'manager1');
        const list = await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=1');
        await fresh.clearCookies();
        // A new browser: nothing cached, signed in, straight to the customer's page.
        const cold = await newContext(browser, server.baseUrl, 1280, 860);
        try {
          const p2 = await cold.newPage();
          const wire = await recordTransfer(p2);
          await signIn(p2, 'manager1');
          await p2.goto(`/customers/${list.data[0]!.id}`);
          await p2.getByTestId('overview-basics').waitFor();
          await settle(p2);
          const total = wire.total();
          console.log(`sign-in + customer detail: ${Math.round(total / 1024)} KB in ${wire.requests()} requests\n  ${wire.largest().join('\n  ')}`);
          expect(total).toBeGreaterThan(50 * 1024);
          expect(total).toBeLessThanOrEqual(800 * 1024);
        } finally {
          await cold.close();
        }
      } finally {
        await fresh.close();
      }
    });
  });

  describe('item 2: masking that protects customers without blocking their manager', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    let c: TCustomer;
    beforeAll(async () => {
      await setOwnerSeesOwnPhones(browser, server.baseUrl, false);
      ctx = await newContext(browser, server.baseUrl, 1280, 860);
      await catchExternalLinks(ctx);
      page = await ctx.newPage();
      errors = watchErrors(page);
      await signIn(page, 'manager1');
      const mine = await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=100&kind=outlet');
      const withBoth = mine.data.filter((x) => x.phone && x.address && x.masked.includes('phone') && x.masked.includes('address'));
      expect(withBoth.length).toBeGreaterThan(2);
      c = withBoth[0]!;
    });
    afterAll(async () => {
      await ctx?.close();
      await setOwnerSeesOwnPhones(browser, server.baseUrl, true);
    });

    it('one reveal in the header shows the phone in 基本信息 too, audited once', async () => {
      await page.goto(`/customers/${c.id}`);
      await page.getByTestId('overview-basics').waitFor();
      expect(await revealsOf(page, c.id, 'phone')).toBe(0);
      // Masked in both places before.
      expect(await page.getByTestId('reveal-phone').count()).toBe(2);
      await page.getByTestId('customer-header').getByTestId('reveal-phone').click();
      await expect.poll(() => page.getByTestId('revealed-phone').count()).toBe(2);
      const texts = await page.getByTestId('revealed-phone').allTextContents();
      for (const t of texts) expect(t.replace(/\D/g, '')).toMatch(/^\d{7,}/);
      expect(await page.getByTestId('reveal-phone').count()).toBe(0);
      expect(await revealsOf(page, c.id, 'phone')).toBe(1);
      // 拨打 now dials the shown number without another reveal.
      await page.getByTestId('customer-header').getByTestId('call-phone').click();
      await expect.poll(() => externalLinks(page)).toEqual([expect.stringMatching(/^tel:\+?\d{7,}$/)]);
      expect(await revealsOf(page, c.id, 'phone')).toBe(1);
      await screenshot(page, 'ux-customer-detail-revealed-1280', { fullPage: false });
    });

    it('拨打 on a masked phone reveals and dials in one tap, audited as one reveal; 导航 opens the map after one audited reveal', async () => {
      const d = (await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=100&kind=outlet')).data.filter((x) => x.phone && x.address && x.id !== c.id)[1]!;
      await page.goto(`/customers/${d.id}`);
      await page.getByTestId('overview-basics').waitFor();
      await page.evaluate(() => ((window as any).__external = []));
      await page.getByTestId('customer-header').getByTestId('call-phone').click();
      await expect.poll(() => externalLinks(page)).toEqual([expect.stringMatching(/^tel:\+?\d{7,}$/)]);
      expect(await revealsOf(page, d.id, 'phone')).toBe(1);
      await page.getByTestId('overview-basics').getByTestId('navigate-address').click();
      await expect.poll(async () => (await externalLinks(page)).length).toBe(2);
      const map = (await externalLinks(page))[1]!;
      expect(map).toMatch(/^https:\/\/uri\.amap\.com\/search\?keyword=/);
      expect(decodeURIComponent(map.split('keyword=')[1]!)).not.toContain('*');
      expect(await revealsOf(page, d.id, 'address')).toBe(1);
    });

    it('on the phone 导航 opens the map app (geo:) and the list card dials with 拨打', async () => {
      const phone = await newContext(browser, server.baseUrl, 375, 812);
      try {
        await catchExternalLinks(phone);
        const p = await phone.newPage();
        await signIn(p, 'manager1');
        const e = (await getJson<Page1<TCustomer>>(p, '/api/v1/customers?perPage=100&kind=outlet')).data.filter((x) => x.phone && x.address && x.masked.includes('address'))[3]!;
        await p.goto(`/customers/${e.id}`);
        await p.getByTestId('overview-basics').waitFor();
        await p.getByTestId('overview-basics').getByTestId('navigate-address').click();
        await expect.poll(() => externalLinks(p)).toEqual([expect.stringMatching(/^geo:0,0\?q=/)]);
        expect(await revealsOf(p, e.id, 'address')).toBe(1);
        await screenshot(p, 'ux-customer-detail-375');
        await p.goto(`/customers?q=${encodeURIComponent(e.name)}`);
        const card = p.getByTestId('customer-card').first();
        await card.waitFor();
        await card.getByTestId('card-call').click();
        await expect.poll(async () => (await externalLinks(p)).length).toBe(1);
        // The tap did not open the customer: the card's call button is its own action.
        expect(new URL(p.url()).pathname).toBe('/customers');
        expect(await revealsOf(p, e.id, 'phone')).toBe(1);
      } finally {
        await phone.close();
      }
    });

    it('with the tobacco policy the owner reads their own phones in clear on the detail page', async () => {
      await setOwnerSeesOwnPhones(browser, server.baseUrl, true);
      await page.goto(`/customers/${c.id}`);
      await page.getByTestId('overview-basics').waitFor();
      const header = page.getByTestId('customer-header');
      await header.getByTestId('call-phone').waitFor();
      expect(await header.getByTestId('reveal-phone').count()).toBe(0);
      expect((await header.textContent()) ?? '').not.toMatch(/\d{3}\*{4}\d{4}/);
      expect(errors).toEqual([]);
    });
  });

  describe('item 4 and 9: the list in days with colour, fitting its card; leader cards with owners', () => {
    it('最近联系 reads "N 天前" coloured against the customer’s period', async () => {
      const ctx = await newContext(browser, server.baseUrl, 1280, 860);
      try {
        const page = await ctx.newPage();
        await signIn(page, 'manager1');
        await page.goto('/customers?sort=lastContactAt');
        const rows = page.getByTestId('customer-table').locator('tr[data-row-key]');
        await rows.first().waitFor();
        const rules = await getJson<{ daysByGrade: Record<string, number>; warnDays: number }>(page, '/api/v1/pool/rules');
        const list = await getJson<Page1<TCustomer>>(page, '/api/v1/customers?sort=lastContactAt&perPage=20');
        const seen = new Set<string>();
        for (const c of list.data) {
          const cell = page.locator(`tr[data-row-key="${c.id}"]`).getByTestId('last-contact');
          const standing = await cell.getAttribute('data-standing');
          const text = (await cell.textContent()) ?? '';
          if (!c.lastContactAt) {
            expect(standing).toBe('never');
            continue;
          }
          const days = Math.floor((Date.now() - new Date(c.lastContactAt).getTime()) / 86_400_000);
          const period = (c.grade ? rules.daysByGrade[c.grade] : undefined) ?? rules.daysByGrade.default ?? 30;
          const expected = days > period ? 'overdue' : days > period - rules.warnDays ? 'soon' : 'ok';
          expect(text, c.name).toBe(days === 0 ? '今天' : `${days} 天前`);
          expect(standing, c.name).toBe(expected);
          if (expected === 'overdue') expect(await cell.getAttribute('class')).toContain('ant-typography-danger');
          seen.add(expected);
        }
        // Sorted oldest first, the first page has overdue customers: the colour was really checked.
        expect(seen.has('overdue')).toBe(true);
      } finally {
        await ctx.close();
      }
    });

    it('the leader’s table fits its card at 1280 px with 标签 visible', async () => {
      const ctx = await newContext(browser, server.baseUrl, 1280, 860);
      try {
        const page = await ctx.newPage();
        await signIn(page, 'leader1');
        await page.goto('/customers');
        const table = page.getByTestId('customer-table');
        await table.locator('tr[data-row-key]').first().waitFor();
        await table.getByRole('columnheader', { name: '客户经理' }).waitFor();
        const fit = await page.evaluate(() => {
          const card = document.querySelector('.customer-list-card .ant-card-body')!.getBoundingClientRect();
          const content = document.querySelector('[data-testid=customer-table] .ant-table-content, [data-testid=customer-table] .ant-table-body')!;
          const tags = [...document.querySelectorAll('[data-testid=customer-table] th')].find((th) => th.textContent === '标签')!.getBoundingClientRect();
          return { scroll: content.scrollWidth - content.clientWidth, tagsRight: tags.right, cardRight: card.right };
        });
        expect(fit.scroll).toBeLessThanOrEqual(0);
        expect(fit.tagsRight).toBeLessThanOrEqual(fit.cardRight);
        expect(await horizontalOverflow(page)).toBe(0);
        await screenshot(page, 'ux-leader-customers-1280', { fullPage: false });
      } finally {
        await ctx.close();
      }
    });

    it('on the phone the leader’s cards show the owner, and a search folds the filter panel away', async () => {
      const ctx = await newContext(browser, server.baseUrl, 375, 812);
      try {
        const page = await ctx.newPage();
        await signIn(page, 'leader1');
        await page.goto('/customers');
        const cards = page.getByTestId('customer-card');
        await cards.first().waitFor();
        const list = await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=20');
        const owners = await page.getByTestId('card-owner').allTextContents();
        expect(owners.length).toBeGreaterThan(0);
        for (const o of owners) expect(list.data.map((c) => c.ownerName)).toContain(o.trim());
        const target = list.data.find((c) => c.ownerName)!;
        await page.getByTestId('filter-toggle').click();
        await page.getByTestId('filter-panel').waitFor();
        await page.getByTestId('customer-search').locator('input').fill(target.name);
        await page.getByTestId('customer-search').locator('input').press('Enter');
        await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
        const first = cards.first();
        await expect.poll(async () => (await first.textContent()) ?? '').toContain(target.name);
        // The result is on screen, not below the fold.
        const box = (await first.boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(812);
        await screenshot(page, 'ux-leader-cards-375', { fullPage: false });
      } finally {
        await ctx.close();
      }
    });
  });

  describe('item 5: change requests for the manager and the leader', () => {
    it('the manager’s menu says 我的申请; a pending request is withdrawn from the list', async () => {
      const ctx = await newContext(browser, server.baseUrl, 1280, 860);
      try {
        const page = await ctx.newPage();
        const errors = watchErrors(page);
        await signIn(page, 'manager1');
        const menu = page.getByTestId('app-menu');
        await menu.getByText('我的申请', { exact: true }).waitFor();
        expect(await menu.getByText('变更审批', { exact: true }).count()).toBe(0);
        const mine = await getJson<Page1<TCustomer>>(page, '/api/v1/customers?perPage=50');
        const target = mine.data.find((c) => c.grade !== 'A')!;
        const req = await send<{ id: string }>(page, 'post', `/api/v1/customers/${target.id}/change-requests`, { field: 'grade', value: 'A', reason: '撤回测试：年销量翻番' });
        await menu.getByText('我的申请', { exact: true }).click();
        await page.waitForURL('**/change-requests');
        await page.locator('h4').filter({ hasText: /^我的申请$/ }).waitFor();
        const row = page.locator(`tr[data-row-key="${req.id}"]`);
        await row.waitFor();
        await row.getByTestId('withdraw').click();
        await page.locator('.ant-popconfirm .ant-btn-primary').click();
        await row.waitFor({ state: 'detached' });
        await page.goto('/change-requests?status=withdrawn');
        await page.locator(`tr[data-row-key="${req.id}"]`).getByText('已撤回').waitFor();
        await screenshot(page, 'ux-my-requests-1280', { fullPage: false });
        expect(errors).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('the leader reads the whole reason and opens the customer from the row', async () => {
      const reason = `长理由：${'该店月销量连续三个月超过两百条，所在商圈新开两家超市，需上调分级以匹配服务频次。'.repeat(3)}`;
      const customers = await apiAs<Page1<TCustomer>>(browser, server.baseUrl, 'manager1', 'GET', '/api/v1/customers?perPage=50&sort=-createdAt');
      const target = customers.data.find((c) => c.grade !== 'B')!;
      const req = await apiAs<{ id: string }>(browser, server.baseUrl, 'manager1', 'POST', `/api/v1/customers/${target.id}/change-requests`, { field: 'grade', value: 'B', reason });
      const ctx = await newContext(browser, server.baseUrl, 1280, 860);
      try {
        const page = await ctx.newPage();
        await signIn(page, 'leader1');
        await page.goto('/change-requests');
        const row = page.locator(`tr[data-row-key="${req.id}"]`);
        await row.waitFor();
        const cell = row.getByTestId('request-reason');
        expect((await cell.textContent())?.trim()).toBe(reason);
        // Nothing cut off: the paragraph shows every line.
        expect(await cell.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
        await screenshot(page, 'ux-change-requests-leader-1280', { fullPage: false });
        await row.getByTestId('open-customer').click();
        await page.waitForURL(`**/customers/${target.id}`);
        await page.getByTestId('customer-name').waitFor();
      } finally {
        await ctx.close();
      }
    });
  });

  describe('item 6: the pool', () => {
    it('shows today’s claims beside the daily limit and previews a pool customer read-only before claiming', async () => {
      for (const [w, h] of [
        [1280, 860],
        [375, 812],
      ] as const) {
        const ctx = await newContext(browser, server.baseUrl, w, h);
        try {
          const page = await ctx.newPage();
          const errors = watchErrors(page);
          await signIn(page, w === 1280 ? 'manager2' : 'manager3');
          await page.goto('/pool');
          const claims = page.getByTestId('claims-today').first();
          await claims.waitFor();
          const pools = await getJson<{ data: { maxClaimsPerDay: number }[] }>(page, '/api/v1/pools');
          const before = await getJson<{ claimedToday: number }>(page, '/api/v1/pool/my-claims');
          expect((await claims.textContent())?.trim()).toBe(`今日已领 ${before.claimedToday} / ${pools.data[0]!.maxClaimsPerDay}`);
          const list = await getJson<Page1<TCustomer>>(page, '/api/v1/pool/customers?perPage=5');
          expect(list.data.length).toBeGreaterThan(0);
          const c = list.data[0]!;
          if (w === 1280) await page.locator(`tr[data-row-key="${c.id}"]`).getByTestId('pool-preview-link').click();
          else await page.getByTestId('customer-card').filter({ hasText: c.name }).first().click();
          const preview = page.getByTestId('pool-preview');
          await preview.waitFor();
          expect(await preview.textContent()).toContain('领取前只读预览');
          await preview.getByTestId('preview-grade').waitFor();
          await preview.getByTestId('preview-figures').waitFor();
          if (c.phone) expect(await preview.getByTestId('preview-phone').textContent()).toMatch(/\*{4}/);
          // Nothing to reveal or edit in a preview.
          expect(await page.locator('[data-testid^=reveal-]').count()).toBe(0);
          expect(new URL(page.url()).pathname).toBe('/pool');
          await screenshot(page, `ux-pool-preview-${w}`, { fullPage: false });
          await page.getByTestId('preview-claim').click();
          await preview.waitFor({ state: 'detached' });
          await expect.poll(async () => (await claims.textContent())?.trim()).toBe(`今日已领 ${before.claimedToday + 1} / ${pools.data[0]!.maxClaimsPerDay}`);
          await page.locator('.ant-message-success').waitFor();
          // Claiming from the preview says so, and nothing else (no "not found" for the preview that left).
          await page.waitForTimeout(500);
          expect(await page.locator('.ant-message-error').count()).toBe(0);
          await screenshot(page, `ux-pool-${w}`);
          expect(errors).toEqual([]);
        } finally {
          await ctx.close();
        }
      }
    });
  });

  describe('pages looked at after the changes', () => {
    it('audit log, departure audit and grading rules for a leader, at 1280 and 375', async () => {
      for (const [w, h] of [
        [1280, 860],
        [375, 812],
      ] as const) {
        const ctx = await newContext(browser, server.baseUrl, w, h);
        try {
          const page = await ctx.newPage();
          const errors = watchErrors(page);
          await signIn(page, 'admin');
          await page.goto('/admin/audit-log');
          await page.getByTestId('audit-table').locator('tr[data-row-key]').first().waitFor();
          const text = (await page.getByTestId('audit-table').textContent()) ?? '';
          for (const code of ['reject_change', 'request_change', 'login_failed', 'customer.grading']) expect(text).not.toContain(code);
          await screenshot(page, `ux-audit-log-${w}`, { fullPage: false });
          await ctx.clearCookies();
          await signIn(page, 'leader1');
          const m1 = (await getJson<{ data: { id: string; username: string }[] }>(page, '/api/v1/users?perPage=200')).data.find((u) => u.username === 'manager1')!;
          const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
          const to = new Date(Date.now() + 86_400_000).toISOString();
          await page.goto(`/departure-audit?userId=${m1.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
          await page.getByTestId('departure-audit-report').waitFor();
          await page.getByRole('tab', { name: /变更申请/ }).click();
          await page.getByTestId('departure-change-requests').locator('tr[data-row-key]').first().waitFor();
          await screenshot(page, `ux-departure-audit-${w}`, { fullPage: false });
          await page.goto('/admin/grading');
          await page.getByTestId('grading-read-only').waitFor();
          expect(await page.getByTestId('save-grading').count()).toBe(0);
          expect(await page.getByTestId('recompute').count()).toBe(0);
          await screenshot(page, `ux-grading-leader-${w}`, { fullPage: false });
          expect(errors).toEqual([]);
        } finally {
          await ctx.close();
        }
      }
    });

    it('grading rules for an administrator: the last pass is shown, "recompute now" runs in the background and says when it is done, at 1280 and 375', async () => {
      for (const [w, h] of [
        [1280, 860],
        [375, 812],
      ] as const) {
        const ctx = await newContext(browser, server.baseUrl, w, h);
        try {
          const page = await ctx.newPage();
          const errors = watchErrors(page);
          await signIn(page, 'admin');
          await page.goto('/admin/grading');
          // The demo was graded at its start, as the nightly job does (at 375, the 1280 pass below is the latest).
          const done = page.getByTestId('recompute-done');
          await done.waitFor();
          expect(await done.textContent()).toMatch(w === 1280 ? /^每晚自动分级完成于 .+：[1-9]\d* 户已分级，\d+ 户数据不足，\d+ 户等级有变化$/ : /^手动重新分级完成于/);
          await page.getByTestId('recompute').click();
          await page.locator('.ant-popconfirm .ant-btn-primary').click();
          await page.locator('.ant-popconfirm').waitFor({ state: 'hidden' });
          // Running, then done: the note names the manual pass once its run has ended.
          await page.getByTestId('recompute-done').filter({ hasText: '手动重新分级完成于' }).waitFor({ timeout: 60_000 });
          // Same rules and figures: nobody's grade changes.
          expect(await page.getByTestId('recompute-done').textContent()).toMatch(/，0 户等级有变化$/);
          expect(await horizontalOverflow(page)).toBe(0);
          await screenshot(page, `ux-grading-admin-${w}`, { fullPage: false });
          expect(errors).toEqual([]);
        } finally {
          await ctx.close();
        }
      }
    });
  });
});
