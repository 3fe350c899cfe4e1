import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

/** The bell's unread count as the header shows it (data-count on the button). */
const bellCount = async (page: Page) => Number(await page.getByTestId('notification-bell').getAttribute('data-count'));

describe('notifications in a real browser', () => {
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

  describe('manager1 at 1280 px', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    // Each test starts from its own browser profile, signed in.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 1280, 800);
      page = await ctx.newPage();
      errors = watchErrors(page);
      await signIn(page, 'manager1');
    });
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-notifications-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
    });

    it("shows the day's reminders in the bell on first start of the demo", async () => {
      await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBeGreaterThan(0);
      await page.getByTestId('notification-bell').click();
      const popover = page.getByTestId('notification-popover');
      await popover.getByTestId('notification-item').first().waitFor();
      expect(await popover.getByText(/明天是客户「.+」开业纪念日/).count()).toBe(1);
      await screenshot(page, 'notifications-bell-1280');
      expect(errors).toEqual([]);
    });

    it('lists, filters by type, opens the record and marks all read', async () => {
      await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBeGreaterThan(0);
      const before = await bellCount(page);
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('bell-view-all').click();
      await page.waitForURL('**/notifications');
      const list = page.getByTestId('notification-list');
      await list.getByTestId('notification-item').first().waitFor();
      expect(await list.getByTestId('notification-item').count()).toBe(Math.min(before, 20));
      await screenshot(page, 'notifications-list-1280');

      await page.getByTestId('type-filter').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '重要日期提醒' }).click();
      await page.waitForURL(/type=keyDate\.upcoming/);
      await expect.poll(async () => (await list.getByTestId('notification-item').allTextContents()).every((x) => /纪念日|生日/.test(x)) && (await list.getByTestId('notification-item').count()) > 0).toBe(true);

      // Opening an entry marks it read and goes to the customer.
      await list.getByText(/开业纪念日/).first().click();
      await page.waitForURL(/\/customers\/[0-9a-f-]+$/);
      await expect.poll(() => bellCount(page)).toBe(before - 1);

      await page.goto('/notifications');
      await page.getByTestId('mark-all-read').click();
      await expect.poll(() => bellCount(page)).toBe(0);
      await page.getByText('新的提醒会出现在这里').first().waitFor();
      await page.getByTestId('status-filter').getByText('全部').click();
      await list.getByTestId('notification-item').first().waitFor();
      expect(await list.locator('.is-unread').count()).toBe(0);
      expect(errors).toEqual([]);
    });

    it('shows my notification settings with the digest preview', async () => {
      await page.goto('/me/notifications');
      await page.getByTestId('pref-keyDate.upcoming-inApp').waitFor();
      expect(await page.getByTestId('pref-keyDate.upcoming-inApp').getAttribute('aria-checked')).toBe('true');
      await page.getByTestId('digest-preview').getByText('近 3 天的重要日期').first().waitFor();
      await screenshot(page, 'notifications-settings-1280');
      await page.getByTestId('pref-keyDate.upcoming-email').click();
      await page.getByTestId('save-preferences').click();
      await page.getByText('通知设置已保存').waitFor();
      await page.reload();
      await page.getByTestId('pref-keyDate.upcoming-email').waitFor();
      expect(await page.getByTestId('pref-keyDate.upcoming-email').getAttribute('aria-checked')).toBe('true');
      expect(errors).toEqual([]);
    });
  });

  describe('admin at 1280 px', () => {
    let ctx: BrowserContext;
    let page: Page;
    // Each test starts from its own browser profile, signed in.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 1280, 800);
      page = await ctx.newPage();
      await signIn(page, 'admin');
    });
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-notifications-admin-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
    });

    it('sees delivery figures per channel', async () => {
      await page.getByTestId('app-menu').getByText('通知管理', { exact: true }).click();
      await page.waitForURL('**/admin/notifications');
      for (const channel of ['email', 'wecom', 'dingtalk']) await page.getByTestId(`figures-${channel}`).waitFor();
      expect(await page.getByTestId('figures-email').getByText('可能重复').count()).toBe(1);
      await page.getByText('站内通知', { exact: true }).waitFor();
      await screenshot(page, 'notifications-admin-1280');
      await page.getByRole('tab', { name: '群机器人' }).click();
      await page.getByText('还没有群机器人').waitFor();
      await screenshot(page, 'notifications-robots-1280');
    });
  });

  describe('manager2 on a phone (375 px)', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    // Each test starts from its own browser profile, signed in.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 375, 812);
      page = await ctx.newPage();
      errors = watchErrors(page);
      await signIn(page, 'manager2');
    });
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-notifications-375-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
    });

    it('uses the bell and the list without sideways scrolling', async () => {
      await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBeGreaterThan(0);
      await screenshot(page, 'notifications-bell-375');
      // On a phone the bell opens the list page itself.
      await page.getByTestId('notification-bell').click();
      await page.waitForURL('**/notifications');
      await page.getByTestId('notification-list').getByTestId('notification-item').first().waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'notifications-list-375');
      await page.goto('/me/notifications');
      await page.getByTestId('pref-keyDate.upcoming-inApp').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'notifications-settings-375');
      expect(errors).toEqual([]);
    });
  });
});
