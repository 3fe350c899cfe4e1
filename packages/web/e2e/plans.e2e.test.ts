import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TPlanDetail, TServicePlan } from '@liaison/shared';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, pick, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

const getJson = async <T>(page: Page, url: string): Promise<T> => {
  const res = await page.request.get(url);
  if (!res.ok()) throw new Error(`${url}: ${res.status()}`);
  return (await res.json()) as T;
};

/** Waits for the plan page to show a status tag with this text (the real state, after the server answered). */
const statusIs = async (page: Page, text: string) => {
  await page.getByTestId('plan-status').filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
};

describe('plans in a real browser: a week plan submitted, returned, resubmitted and approved', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let current: Page | null = null;

  const open = async (width: number, height: number) => {
    const ctx = await newContext(browser, server.baseUrl, width, height);
    contexts.push(ctx);
    const page = await ctx.newPage();
    current = page;
    return { page, errors: watchErrors(page) };
  };

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && current) await screenshot(current, `FAILED-plans-${task.name.replace(/\W+/g, '-')}`).catch(() => undefined);
    for (const c of contexts.splice(0)) await c.close();
    current = null;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('manager1 submits this week’s plan; leader1 returns it with a comment; manager1 resubmits; leader1 approves', async () => {
    const m = await open(1280, 900);
    await signIn(m.page, 'manager1');
    await m.page.goto('/plans');
    await m.page.getByTestId('this-week-plan').click();
    await m.page.waitForURL(/\/plans\/[^/]+$/);
    const planId = m.page.url().split('/plans/')[1]!;
    await statusIs(m.page, '草稿');
    await m.page.getByTestId('plan-visits').waitFor();
    await screenshot(m.page, 'plans-week-draft-1280');
    await m.page.getByTestId('submit-plan').click();
    await statusIs(m.page, '待审批');
    expect((await getJson<TPlanDetail>(m.page, `/api/v1/plans/${planId}`)).status).toBe('submitted');

    const l = await open(1280, 900);
    await signIn(l.page, 'leader1');
    await l.page.goto(`/plans/${planId}`);
    await statusIs(l.page, '待审批');
    await l.page.getByTestId('return-plan').click();
    await l.page.getByTestId('return-comment').fill('周三的拜访请改到上午，补充新品推介事项');
    await l.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await statusIs(l.page, '已退回');

    await m.page.reload();
    await m.page.getByTestId('leader-comment').filter({ hasText: '周三的拜访请改到上午' }).waitFor();
    await screenshot(m.page, 'plans-week-returned-1280');
    await m.page.getByTestId('submit-plan').filter({ hasText: '重新提交' }).click();
    await statusIs(m.page, '待审批');

    await l.page.reload();
    await statusIs(l.page, '待审批');
    await l.page.getByTestId('approve-plan').click();
    await statusIs(l.page, '已批准');
    const plan = await getJson<TPlanDetail>(l.page, `/api/v1/plans/${planId}`);
    expect(plan.status).toBe('approved');
    expect(plan.history.map((h) => h.action)).toEqual(['submit', 'return', 'resubmit', 'approve']);
    await l.page.getByTestId('plan-history').filter({ hasText: '重新提交' }).waitFor();
    await screenshot(l.page, 'plans-week-approved-1280');
    expect(m.errors).toEqual([]);
    expect(l.errors).toEqual([]);
  });

  it('the pages at 1280 and 375 px: my plans, a month plan with its check, the team’s status and achievement', async () => {
    for (const [w, h] of [
      [1280, 900],
      [375, 740],
    ] as const) {
      const m = await open(w, h);
      await signIn(m.page, 'manager1');
      await m.page.goto('/plans');
      await m.page.getByText('已批准').first().waitFor();
      expect(await horizontalOverflow(m.page)).toBe(0);
      await screenshot(m.page, `plans-list-${w}`);
      const plans = await getJson<{ data: { id: string; kind: string; checkStatus: string }[] }>(m.page, '/api/v1/plans?kind=month');
      const past = plans.data.find((p) => p.checkStatus === 'approved')!;
      await m.page.goto(`/plans/${past.id}`);
      await m.page.getByText('检查已批准').first().waitFor();
      expect(await horizontalOverflow(m.page)).toBe(0);
      await screenshot(m.page, `plans-month-check-${w}`);

      const l = await open(w, h);
      await signIn(l.page, 'leader1');
      await l.page.goto('/plans?tab=team&kind=month');
      await l.page.getByText('待审批').first().waitFor();
      expect(await horizontalOverflow(l.page)).toBe(0);
      await screenshot(l.page, `plans-team-${w}`);
      const lastMonth = plans.data.map((p) => p as unknown as { period: string; id: string }).find((p) => p.id === past.id)!.period;
      await l.page.goto(`/plans?tab=achievement&kind=month&period=${lastMonth}`);
      await l.page.getByTestId('achievement').getByText('单位合计').waitFor();
      expect(await horizontalOverflow(l.page)).toBe(0);
      await screenshot(l.page, `plans-achievement-${w}`);
      expect(m.errors).toEqual([]);
      expect(l.errors).toEqual([]);
    }
  });

  it('a plan prints as the paper form: no menu, header or buttons, with the signature lines', async () => {
    const m = await open(1280, 900);
    await signIn(m.page, 'manager1');
    const plans = await getJson<{ data: { id: string; checkStatus: string }[] }>(m.page, '/api/v1/plans?kind=month');
    const past = plans.data.find((p) => p.checkStatus === 'approved');
    if (!past) throw new Error('manager1 has no approved month plan in the demo');
    await m.page.goto(`/plans/${past.id}`);
    await m.page.getByText('检查已批准').first().waitFor();
    expect(await m.page.getByTestId('print-signatures').isVisible()).toBe(false);
    await m.page.emulateMedia({ media: 'print' });
    await m.page.getByTestId('print-signatures').waitFor();
    expect(await m.page.locator('.app-sider').isVisible()).toBe(false);
    expect(await m.page.locator('.app-header').isVisible()).toBe(false);
    expect(await m.page.locator('.ant-btn:visible').count()).toBe(0);
    expect(await m.page.getByTestId('print-signatures').textContent()).toContain('主管签字');
    await screenshot(m.page, 'plans-month-print');
    expect(m.errors).toEqual([]);
  });

  it('a key customer’s service plan (Form 7) with an overdue action, at 1280 and 375 px', async () => {
    for (const [w, h] of [
      [1280, 900],
      [375, 740],
    ] as const) {
      const m = await open(w, h);
      await signIn(m.page, 'manager1');
      await m.page.goto('/plans?tab=service');
      await m.page.locator('a[href^="/service-plans/"]').first().click();
      await m.page.getByText('逾期').first().waitFor();
      expect(await horizontalOverflow(m.page)).toBe(0);
      await screenshot(m.page, `plans-service-${w}`);
      expect(m.errors).toEqual([]);
    }
  });

  it('leader1 breaks the month down: a total that does not add up is refused on the indicator until the reason is given; the workbench shows plans', async () => {
    for (const [w, h] of [
      [1280, 900],
      [375, 740],
    ] as const) {
      const l = await open(w, h);
      await signIn(l.page, 'leader1');
      await l.page.getByTestId('wb-plans').waitFor();
      await screenshot(l.page, `plans-workbench-leader-${w}`);
      const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
      await l.page.goto(`/plans/breakdown?month=${month}`);
      const first = l.page.getByTestId('breakdown-indicator').first();
      await first.waitFor();
      expect(await horizontalOverflow(l.page)).toBe(0);
      if (w === 1280) {
        const unit = first.locator('input').first();
        const value = Number(await unit.inputValue());
        await unit.fill(String(value + 10));
        await l.page.getByTestId('save-breakdown').click();
        await first.locator('.ant-alert-error').waitFor();
        await screenshot(l.page, `plans-breakdown-refused-${w}`);
        await first.getByPlaceholder('差异原因').fill('预留 10 给新客户经理');
        await l.page.getByTestId('save-breakdown').click();
        await l.page.getByText('已保存').first().waitFor();
        await expect.poll(async () => (await first.locator('.ant-alert-error').count())).toBe(0);
      }
      await screenshot(l.page, `plans-breakdown-${w}`);
      expect(l.errors).toEqual([]);
    }
    const m = await open(375, 740);
    await signIn(m.page, 'manager1');
    await m.page.getByTestId('wb-overdue').waitFor();
    await m.page.getByTestId('wb-plans').waitFor();
    await screenshot(m.page, 'plans-workbench-manager-375');
  });
  it('manager1 edits a key customer’s service plan: goals, an action with a due date and a colleague as owner, marked done; closes and reopens the plan', async () => {
    const m = await open(1280, 900);
    await signIn(m.page, 'manager1');
    await m.page.goto('/plans?tab=service');
    await m.page.locator('a[href^="/service-plans/"]').first().click();
    await m.page.waitForURL(/\/service-plans\/[^/]+$/);
    const planId = m.page.url().split('/service-plans/')[1]!;
    await m.page.getByTestId('service-actions').waitFor();
    const before = await getJson<TServicePlan>(m.page, `/api/v1/service-plans/${planId}`);
    expect(before.status).toBe('active');

    // Goals.
    const goals = `${before.goals}\n季度末前完成结算账户迁移（e2e ${Date.now()}）`;
    await m.page.getByTestId('edit-goals').click();
    await m.page.getByTestId('goals-input').fill(goals);
    await m.page.getByTestId('save-goals').click();
    await m.page.getByTestId('service-goals').filter({ hasText: '结算账户迁移' }).waitFor();

    // A new action, owned by a colleague, due in a week.
    const title = `上门讲解新版企业网银（e2e ${Date.now()}）`;
    const due = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    await m.page.getByTestId('add-action').click();
    const drawer = m.page.locator('form').filter({ has: m.page.getByTestId('save-action') });
    await drawer.locator('#title').fill(title);
    await pick(m.page, drawer.locator('#ownerId'), '李娜');
    // Typed as a user would; leaving the field (not Enter, which would submit the form) keeps the date.
    await drawer.locator('#dueDate').click();
    await drawer.locator('#dueDate').fill(due);
    await drawer.locator('#title').click();
    await expect.poll(() => drawer.locator('#dueDate').inputValue()).toBe(due);
    await screenshot(m.page, 'plans-service-editor-drawer-1280');
    await drawer.getByTestId('save-action').click();
    await drawer.waitFor({ state: 'hidden' });
    const row = m.page.getByTestId('service-action').filter({ hasText: title });
    await row.filter({ hasText: '进行中' }).filter({ hasText: '李娜' }).filter({ hasText: due }).waitFor();

    // Marked done: listed done, on screen and in the API.
    await row.getByTestId('action-done').click();
    await row.filter({ hasText: '已完成' }).waitFor();
    expect(await row.getByTestId('action-done').count()).toBe(0);
    const after = await getJson<TServicePlan>(m.page, `/api/v1/service-plans/${planId}`);
    const action = after.actions.find((a) => a.title === title);
    expect(action).toMatchObject({ status: 'done', dueDate: due, ownerName: '李娜' });
    expect(action!.doneAt).not.toBeNull();
    expect(after.goals).toBe(goals);
    await screenshot(m.page, 'plans-service-editor-1280');

    // Closed: read-only with a note; reopened: editable again.
    await m.page.getByTestId('close-service-plan').click();
    await m.page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await m.page.getByTestId('service-plan-status').filter({ hasText: '已关闭' }).waitFor();
    expect(await m.page.getByTestId('add-action').count()).toBe(0);
    expect(await m.page.getByTestId('edit-goals').count()).toBe(0);
    expect((await getJson<TServicePlan>(m.page, `/api/v1/service-plans/${planId}`)).status).toBe('closed');
    await screenshot(m.page, 'plans-service-closed-1280');
    await m.page.getByTestId('reopen-service-plan').click();
    await m.page.getByTestId('service-plan-status').filter({ hasText: '执行中' }).waitFor();
    await m.page.getByTestId('add-action').waitFor();
    expect(m.errors).toEqual([]);

    // At 375 px: the same plan, the done action listed done, no horizontal scrolling, the drawer fits.
    const s = await open(375, 740);
    await signIn(s.page, 'manager1');
    await s.page.goto(`/service-plans/${planId}`);
    await s.page.getByTestId('service-action').filter({ hasText: title }).filter({ hasText: '已完成' }).waitFor();
    expect(await horizontalOverflow(s.page)).toBe(0);
    await screenshot(s.page, 'plans-service-editor-375');
    await s.page.getByTestId('service-action').filter({ hasText: title }).getByTestId('edit-action').click();
    const editForm = s.page.locator('form').filter({ has: s.page.getByTestId('save-action') });
    await editForm.locator('#status').waitFor();
    expect(await editForm.locator('#title').inputValue()).toBe(title);
    expect(await horizontalOverflow(s.page)).toBe(0);
    await screenshot(s.page, 'plans-service-editor-drawer-375', { fullPage: false });
    expect(s.errors).toEqual([]);
  });

  it('screens at 1280 and 375 px: breakdown with sub-units, achievement with sub-unit rows, the calendar month with plan deadlines, the admin due times', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    for (const [w, h] of [
      [1280, 900],
      [375, 740],
    ] as const) {
      const l = await open(w, h);
      await signIn(l.page, 'leader1');
      await l.page.goto(`/plans/breakdown?month=${month}`);
      await l.page.getByTestId('breakdown-sub-units').first().waitFor();
      expect(await horizontalOverflow(l.page)).toBe(0);
      await screenshot(l.page, `plans-breakdown-sub-units-${w}`);
      await l.page.goto(`/plans?tab=achievement&kind=month&period=${month}`);
      await l.page.getByTestId('achievement').getByText('下级单位：').first().waitFor();
      expect(await horizontalOverflow(l.page)).toBe(0);
      await screenshot(l.page, `plans-achievement-sub-units-${w}`);
      expect(l.errors).toEqual([]);

      const m = await open(w, h);
      await signIn(m.page, 'manager1');
      await m.page.goto('/calendar?view=month');
      await m.page.getByTestId('cal-deadline').first().waitFor();
      expect(await horizontalOverflow(m.page)).toBe(0);
      await screenshot(m.page, `plans-calendar-month-deadlines-${w}`);
      expect(m.errors).toEqual([]);

      const a = await open(w, h);
      await signIn(a.page, 'admin');
      await a.page.goto('/admin/indicators');
      await a.page.getByTestId('plan-settings').waitFor();
      // The real due times, not the disabled empty form shown while (or if) loading fails.
      await expect.poll(() => a.page.getByTestId('plan-settings').locator('#monthDueDay').inputValue()).not.toBe('');
      expect(await horizontalOverflow(a.page)).toBe(0);
      await screenshot(a.page, `plans-admin-due-times-${w}`);
      expect(a.errors).toEqual([]);
    }
  });
});
