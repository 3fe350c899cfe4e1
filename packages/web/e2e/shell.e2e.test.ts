import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, pick, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

const adminMenu = ['系统管理', '机构管理', '用户管理', '角色权限', '字典管理', '定时任务', '审计日志'];

describe('app shell in a real browser', () => {
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

  describe('admin at 1280 px', () => {
    let ctx: BrowserContext;
    let page: Page;
    let errors: string[];
    const newUser = { username: 'e2e.tester', displayName: '测试经理', password: 'Welcome-2024-ok' };

    // Each test starts from its own browser profile.
    beforeEach(async () => {
      ctx = await newContext(browser, server.baseUrl, 1280, 800);
      page = await ctx.newPage();
      errors = watchErrors(page);
    });
    const signInAsAdmin = async () => {
      await signIn(page, 'admin');
      await page.getByTestId('greeting').waitFor();
    };
    afterEach(async ({ task }) => {
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
      expect(errors, 'errors logged in the browser').toEqual([]);
    });

    it('signs in in Chinese', async () => {
      await page.goto('/sign-in');
      await expect(page.getByText('欢迎使用客户经理工作台').isVisible()).resolves.toBe(true);
      await screenshot(page, 'sign-in-1280');
      await signIn(page, 'admin');
      await page.getByTestId('greeting').waitFor();
      expect(await page.getByTestId('greeting').textContent()).toContain('系统管理员');
      const menu = page.getByTestId('app-menu');
      for (const label of ['工作台', ...adminMenu]) expect(await menu.getByText(label, { exact: true }).count()).toBe(1);
      await page.getByText('常用功能', { exact: true }).waitFor();
      await screenshot(page, 'workbench-1280');
    });

    it('switches to English and back, remembered on the profile', async () => {
      await signInAsAdmin();
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByTestId('app-menu').getByText('Workbench', { exact: true }).waitFor();
      expect(await page.getByTestId('app-menu').getByText('Users', { exact: true }).count()).toBe(1);
      await page.getByText('Shortcuts', { exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
      await expect.poll(async () => (await (await page.request.get('/api/v1/me')).json()).locale).toBe('en-US');
      await screenshot(page, 'workbench-en-1280');

      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: '简体中文' }).click();
      await page.getByTestId('app-menu').getByText('工作台', { exact: true }).waitFor();
      expect(await page.getByTestId('app-menu').getByText('Workbench', { exact: true }).count()).toBe(0);
      await expect.poll(async () => (await (await page.request.get('/api/v1/me')).json()).locale).toBe('zh-CN');
    });

    it('creates a user through the users page', async () => {
      await signInAsAdmin();
      await page.getByTestId('app-menu').getByText('用户管理', { exact: true }).click();
      await page.waitForURL('**/admin/users');
      await page.getByTestId('user-table').getByText('manager1').waitFor();
      await screenshot(page, 'users-1280');

      await page.getByTestId('create-user').click();
      const form = page.getByTestId('user-form');
      await form.waitFor();
      await form.locator('#username').fill(newUser.username);
      await form.locator('#displayName').fill(newUser.displayName);
      await form.locator('#password').fill(newUser.password);

      await pick(page, form.locator('#orgUnitId'), '西湖营销部');
      await pick(page, form.locator('#roleIds'), '客户经理', { multiple: true });
      await pick(page, form.locator('#grade'), '中级');
      await form.locator('#phone').fill('13800138000');
      await screenshot(page, 'user-form-1280');

      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('已创建').waitFor();
      await form.waitFor({ state: 'detached' });

      await page.getByTestId('user-search').locator('input').fill(newUser.username);
      await page.getByTestId('user-search').locator('input').press('Enter');
      await page.waitForURL(/q=e2e\.tester/);
      const row = page.getByTestId('user-table').locator('.ant-table-row').filter({ hasText: newUser.username });
      await row.waitFor();
      const text = await row.textContent();
      expect(text).toContain(newUser.displayName);
      expect(text).toContain('西湖营销部');
      expect(text).toContain('客户经理');
      expect(text).toContain('中级');
      await screenshot(page, 'users-created-1280');
    });

    it('shows the creation in the audit log with what was set', async () => {
      await signInAsAdmin();
      const auditUser = { username: 'e2e.audited', displayName: '审计经理', password: newUser.password };
      const api = async (path: string) => (await page.request.get(path)).json();
      const me = await api('/api/v1/me');
      const units: { id: string; name: string }[] = (await api('/api/v1/org-units')).data;
      const roles: { id: string; code: string }[] = (await api('/api/v1/roles')).data;
      const created = await page.request.post('/api/v1/users', {
        headers: { 'x-csrf-token': me.csrfToken },
        data: {
          ...auditUser,
          orgUnitId: units.find((u) => u.name === '西湖营销部')!.id,
          roleIds: [roles.find((r) => r.code === 'manager')!.id],
          phone: '13800138000',
        },
      });
      expect(created.status()).toBe(201);

      await page.getByTestId('app-menu').getByText('审计日志', { exact: true }).click();
      await page.waitForURL('**/admin/audit-log');
      const row = page.getByTestId('audit-table').locator('.ant-table-row').filter({ hasText: auditUser.displayName });
      await row.waitFor();
      const text = await row.textContent();
      expect(text).toContain('新建');
      expect(text).toContain('用户');
      expect(text).toContain('系统管理员');

      await row.click();
      const changes = page.getByTestId('audit-changes').first();
      await changes.waitFor();
      const detail = await changes.textContent();
      expect(detail).toContain('用户名');
      expect(detail).toContain(auditUser.username);
      expect(detail).toContain('西湖营销部');
      expect(detail).toContain('138****8000');
      expect(detail).not.toContain(auditUser.password);
      await screenshot(page, 'audit-log-1280');
    });

    it('puts server validation on the field it names', async () => {
      await signInAsAdmin();
      await page.getByTestId('app-menu').getByText('用户管理', { exact: true }).click();
      await page.getByTestId('create-user').click();
      const form = page.getByTestId('user-form');
      await form.locator('#username').fill('manager1');
      await form.locator('#displayName').fill('重名用户');
      await form.locator('#password').fill(newUser.password);
      await pick(page, form.locator('#orgUnitId'), '滨江营销部');
      await pick(page, form.locator('#roleIds'), '客户经理', { multiple: true });
      await page.getByRole('button', { name: /保\s*存/ }).click();
      const explain = form.locator('#username_help');
      await explain.waitFor();
      expect(await explain.textContent()).toContain('已被使用');
      await page.getByRole('button', { name: /取\s*消/ }).click();
      await form.waitFor({ state: 'detached' });
    });

    it('asks to reload when someone else changed the record meanwhile', async () => {
      await signInAsAdmin();
      await page.getByTestId('app-menu').getByText('用户管理', { exact: true }).click();
      await page.waitForURL('**/admin/users');
      await page.getByTestId('user-search').locator('input').fill('manager2');
      await page.getByTestId('user-search').locator('input').press('Enter');
      const row = page.getByTestId('user-table').locator('.ant-table-row').filter({ hasText: 'manager2' });
      await row.getByRole('button', { name: /编\s*辑/ }).click();
      const form = page.getByTestId('user-form');
      await form.waitFor();

      // Another administrator saves first.
      const me = await (await page.request.get('/api/v1/me')).json();
      const user = (await (await page.request.get('/api/v1/users?q=manager2')).json()).data[0];
      const res = await page.request.patch(`/api/v1/users/${user.id}`, {
        data: { version: user.version, displayName: '李娜（已改）' },
        headers: { 'x-csrf-token': me.csrfToken },
      });
      expect(res.status()).toBe(200);

      await form.locator('#displayName').fill('李娜（我改的）');
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-modal-confirm-title', { hasText: '记录已被他人修改' }).waitFor();
      await screenshot(page, 'version-conflict-1280');
      await page.getByRole('button', { name: '重新加载' }).click();
      await form.waitFor({ state: 'detached' });
      await row.getByText('李娜（已改）').waitFor();
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
      if (task.result?.state === 'fail') await screenshot(page, `FAILED-375-${task.name.replace(/\W+/g, '-')}`);
      await ctx?.close();
      expect(errors, 'errors logged in the browser').toEqual([]);
    });

    it('fits the sign-in page on the screen', async () => {
      await page.goto('/sign-in');
      await page.getByTestId('sign-in-form').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'sign-in-375');
    });

    it('shows a wrong password as an error and stays on sign-in', async () => {
      await page.goto('/sign-in');
      await page.locator('#username').fill('manager1');
      await page.locator('#password').fill('not-the-password');
      await page.locator('[data-testid=sign-in-form] button[type=submit]').click();
      await page.getByTestId('sign-in-error').waitFor();
      expect(await page.getByTestId('sign-in-error').textContent()).toContain('用户名或密码错误');
    });

    it('has no administration in the menu and no horizontal overflow', async () => {
      await signIn(page, 'manager1');
      await page.getByTestId('greeting').waitFor();
      expect(await page.getByTestId('greeting').textContent()).toContain('张伟');
      // On the phone the day's work comes first.
      await page.getByTestId('wb-today').waitFor();
      await page.getByTestId('wb-overdue').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'workbench-375');

      // On a phone the side menu lives in a drawer.
      expect(await page.getByTestId('app-menu').count()).toBe(0);
      await page.getByTestId('open-menu').click();
      const menu = page.getByTestId('app-menu');
      await menu.getByText('工作台', { exact: true }).waitFor();
      // Let the drawer finish sliding in before measuring and taking the picture.
      await expect.poll(async () => (await menu.boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(0);
      await page.waitForTimeout(300);
      for (const label of adminMenu) expect(await menu.getByText(label, { exact: true }).count()).toBe(0);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'menu-375');
    });

    it('refuses an administration page opened by its address', async () => {
      await signIn(page, 'manager1');
      await page.goto('/admin/users');
      await page.getByText('没有访问权限').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
    });

  });
});
