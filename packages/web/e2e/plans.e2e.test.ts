import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TPlanDetail } from '@liaison/shared';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

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
});
