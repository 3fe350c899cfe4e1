import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TCustomer, TVisit, TWorkbench } from '@liaison/shared';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

type Page1<T> = { data: T[]; count: number };
const getJson = async <T>(page: Page, url: string): Promise<T> => {
  const res = await page.request.get(url);
  if (!res.ok()) throw new Error(`${url}: ${res.status()}`);
  return (await res.json()) as T;
};

/** Waits until the condition holds, polling; fails with the message after the timeout. */
const until = async (what: string, fn: () => Promise<boolean>, timeout = 20_000) => {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

describe('the manager’s day in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let photo: string;
  const contexts: BrowserContext[] = [];
  let current: Page | null = null;

  const open = async (width: number, height: number, opts: { serviceWorkers?: boolean; geo?: boolean } = {}) => {
    const ctx = await newContext(browser, server.baseUrl, width, height, opts);
    contexts.push(ctx);
    if (opts.geo) {
      await ctx.grantPermissions(['geolocation']);
      await ctx.setGeolocation({ latitude: 30.2741, longitude: 120.1551, accuracy: 25 });
    }
    const page = await ctx.newPage();
    current = page;
    return { ctx, page, errors: watchErrors(page) };
  };

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-photo-'));
    photo = path.join(dir, '门头照.jpg');
    await sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: 200, g: 80, b: 60 } } }).jpeg().toFile(photo);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && current) await screenshot(current, `FAILED-visits-${task.name.replace(/\W+/g, '-')}`).catch(() => undefined);
    for (const c of contexts.splice(0)) await c.close();
    current = null;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a manager logs a visit with a photo offline at 375 px in three taps; it syncs once when the signal returns', async () => {
    const { ctx, page, errors } = await open(375, 740, { geo: true });
    await signIn(page, 'manager1');
    await page.getByTestId('wb-overdue').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'visits-workbench-375');
    const wb = await getJson<TWorkbench>(page, '/api/v1/workbench');
    expect(wb.overdue.customers.length).toBeGreaterThan(0);
    const target = wb.overdue.customers[0]!;
    const before = await getJson<TCustomer>(page, `/api/v1/customers/${target.id}`);
    const note = `离线记录-${Date.now()}`;

    await ctx.setOffline(true);
    // Tap 1: 记录 on the most overdue customer.
    await page.getByTestId('wb-overdue').getByTestId('log-visit').first().click();
    const drawer = page.getByTestId('quick-log');
    await drawer.waitFor();
    await expect.poll(() => drawer.getByText(target.name).count()).toBeGreaterThan(0);
    await page.getByTestId('quick-log-note').fill(note);
    await page.getByTestId('quick-log-photo').locator('input[type=file]').setInputFiles(photo);
    await drawer.locator('.photo-thumb img').waitFor();
    await screenshot(page, 'visits-quick-log-375', { fullPage: false });
    // Tap 2: 保存.
    await page.getByTestId('quick-log-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('outbox-count').textContent()).toContain('待同步 1 条');
    await screenshot(page, 'visits-queued-375');

    await ctx.setOffline(false);
    await page.getByTestId('outbox-banner').waitFor({ state: 'detached', timeout: 30_000 });
    const visits = await getJson<Page1<TVisit>>(page, `/api/v1/visits?customerId=${target.id}&perPage=50`);
    const mine = visits.data.filter((v) => v.learned === note);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.photos).toHaveLength(1);
    expect(mine[0]!.status).toBe('done');
    const after = await getJson<TCustomer>(page, `/api/v1/customers/${target.id}`);
    expect(after.lastContactAt).not.toBe(before.lastContactAt);
    expect(Date.parse(after.lastContactAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(errors.filter((e) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });

  it('completes one of today’s planned visits from the workbench, on-site with a check-in', async () => {
    const { page } = await open(1280, 860, { geo: true });
    await signIn(page, 'manager2');
    await page.getByTestId('wb-today').waitFor();
    await screenshot(page, 'visits-workbench-1280');
    const planned = page.getByTestId('wb-today').getByTestId('log-planned');
    await expect.poll(() => planned.count()).toBeGreaterThan(0);
    const wb = await getJson<TWorkbench>(page, '/api/v1/workbench');
    const visit = wb.today.find((v) => v.status === 'planned')!;
    await planned.first().click();
    await page.getByTestId('quick-log').waitFor();
    await page.getByTestId('quick-log-note').fill('按计划完成');
    await screenshot(page, 'visits-quick-log-1280', { fullPage: false });
    if (visit.method === 'onsite') await page.getByTestId('quick-log-geo').getByText('已定位').waitFor();
    await page.getByTestId('quick-log-save').click();
    await page.getByTestId('quick-log').waitFor({ state: 'hidden' });
    await until('the planned visit is done', async () => (await getJson<TVisit>(page, `/api/v1/visits/${visit.id}`)).status === 'done');
    const done = await getJson<TVisit>(page, `/api/v1/visits/${visit.id}`);
    expect(done.learned).toBe('按计划完成');
    if (visit.method === 'onsite') expect(done.checkIn?.accuracy).toBe(25);
  });

  it('a leader drags a planned visit to another day on the calendar; the version travels with it', async () => {
    const { page } = await open(1280, 900);
    await signIn(page, 'manager3');
    const planned = (await getJson<Page1<TVisit>>(page, '/api/v1/visits?status=planned&perPage=50&sort=startAt')).data;
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const v = planned.find((p) => new Date(p.startAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7) === today.slice(0, 7) && Date.parse(p.startAt) > Date.now());
    expect(v, 'a planned visit later this month').toBeTruthy();
    const day = new Date(v!.startAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await page.goto(`/calendar?view=week&date=${day}`);
    const item = page.locator(`[data-visit-id="${v!.id}"]`);
    await item.waitFor();
    // The next day in the same week view (or the previous one on a Sunday).
    const cols = page.locator('[data-day]');
    const days = await cols.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.day!));
    const targetDay = days[days.indexOf(day) + 1] ?? days[days.indexOf(day) - 1]!;
    await item.dragTo(page.locator(`[data-day="${targetDay}"]`));
    await until('the visit moved', async () => new Date((await getJson<TVisit>(page, `/api/v1/visits/${v!.id}`)).startAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }) === targetDay);
    const moved = await getJson<TVisit>(page, `/api/v1/visits/${v!.id}`);
    expect(moved.version).toBe(v!.version + 1);
    await screenshot(page, 'visits-calendar-week-1280');
    await page.goto('/calendar?view=month');
    await page.getByTestId('cal-month').waitFor();
    await screenshot(page, 'visits-calendar-month-1280');
  });

  it('the leader’s team view shows each manager’s coverage and opens their overdue customers', async () => {
    const { page } = await open(1280, 860);
    await signIn(page, 'leader1');
    await page.goto('/team');
    const table = page.getByTestId('team-table');
    await table.locator('.ant-table-row').first().waitFor();
    const names = await table.locator('.ant-table-row td:first-child a').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['张伟', '李娜', '刘洋', '赵敏']));
    expect(names).not.toContain('孙强'); // 宁波 is another leader's
    await page.getByTestId('team-chart').waitFor();
    await screenshot(page, 'visits-team-1280');
    await table.locator('.ant-table-row td:first-child a', { hasText: '张伟' }).click();
    await page.waitForURL(/\/customers\?ownerId=.*overdue=any/);
    await page.getByTestId('customer-table').locator('.ant-table-row').first().waitFor();
  });

  it('at 375 px the calendar, the visit list and the team view fit the screen', async () => {
    const { page } = await open(375, 740);
    await signIn(page, 'manager1');
    for (const [url, name, ready] of [
      ['/calendar?view=week', 'visits-calendar-375', '[data-testid=cal-week] .cal-item, [data-testid=cal-week] .ant-empty'],
      ['/visits', 'visits-list-375', '[data-testid=visit-cards] .ant-list-item'],
    ] as const) {
      await page.goto(url);
      await page.locator(ready).first().waitFor();
      expect(await horizontalOverflow(page), url).toBe(0);
      await screenshot(page, name);
    }
    const { page: leader } = await open(375, 740);
    await signIn(leader, 'leader1');
    await leader.goto('/team');
    await leader.getByTestId('team-total').waitFor();
    await leader.locator('.ant-list-item').first().waitFor();
    expect(await horizontalOverflow(leader)).toBe(0);
    await screenshot(leader, 'visits-team-375');
  });

  it('is an installable app whose workbench reads offline from the last sync', async () => {
    const { ctx, page } = await open(375, 740, { serviceWorkers: true });
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/', lang: 'zh-CN' });
    await signIn(page, 'manager4');
    await page.getByTestId('wb-overdue').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Once the worker controls the page, the next load goes through it and keeps the answers.
    await until('the service worker controls the page', async () => page.evaluate(() => Boolean(navigator.serviceWorker.controller)));
    await page.reload();
    await page.getByTestId('wb-overdue').waitFor();
    const first = (await page.getByTestId('wb-overdue').locator('.due-name').first().textContent())!;
    await ctx.setOffline(true);
    await page.reload();
    await page.getByTestId('wb-overdue').waitFor();
    expect(await page.getByTestId('wb-overdue').locator('.due-name').first().textContent()).toBe(first);
    await ctx.setOffline(false);
  });
});
