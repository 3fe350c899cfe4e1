import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const artifactsDir = path.join(repoRoot, '.test-artifacts', 'web-e2e');
const webDist = path.join(repoRoot, 'packages/web/dist/index.html');

/** The newest modification time of the files under `dir` (recursively), in ms. */
const newestIn = (dir: string): number => {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
};

/**
 * The web build is what the server serves; build it if it is missing, older than the web or
 * shared sources, or from before pre-compression (no .br beside index.html) — a stale build
 * would test yesterday's pages.
 */
export const ensureWebBuild = () => {
  if (fs.existsSync(webDist) && fs.existsSync(`${webDist}.br`)) {
    const built = fs.statSync(webDist).mtimeMs;
    const sources = Math.max(...['packages/web/src', 'packages/web/public', 'packages/shared/src', 'packages/web/index.html', 'packages/web/vite.config.ts'].map((p) => {
      const full = path.join(repoRoot, p);
      return fs.statSync(full).isDirectory() ? newestIn(full) : fs.statSync(full).mtimeMs;
    }));
    if (built >= sources) return;
  }
  // vitest sets NODE_ENV=test; the build must be the production one users get.
  execSync('npm run build -w @liaison/web', { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
};

/** The server as production runs it (docs/decisions/023): compiled by esbuild, rebuilt each run (≈ 1 s). */
export const buildServer = () => {
  execSync(`"${process.execPath}" packages/server/build.mjs --quiet`, { cwd: repoRoot, stdio: 'inherit' });
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export type RunningServer = { baseUrl: string; stop: () => Promise<void>; output: () => string };

/** The real server on a fresh database with the demo organisation, as a child process. */
export const startServer = async (): Promise<RunningServer> => {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-web-e2e-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', 'packages/server/dist/main.js'], {
    cwd: repoRoot,
    // Every test signs in from its own profile, all from 127.0.0.1: the per-IP sign-in limit (tested
    // in auth.test.ts) would otherwise refuse the 21st sign-in of a minute.
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', JOBS: 'off', LOG_LEVEL: 'warn', LIAISON_DEMO: '1', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it stops anything it starts.
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 240_000; // seeding the demo organisation takes minutes on a loaded machine
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { baseUrl, stop, output: () => log };
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/** Page errors and console errors; refused (4xx) requests are expected and checked by the tests. */
export const watchErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Refused requests (401 before sign-in, the 400/409 the tests provoke) are asserted on screen.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    errors.push(`console: ${m.text()}`);
  });
  return errors;
};

/**
 * A fresh browser profile at a viewport size. The service worker (PWA) is blocked unless a test
 * asks for it: it precaches the whole app in the background, which only the offline tests need
 * and which would otherwise compete for the CI machine's two cores in every test.
 */
export const newContext = async (browser: Browser, baseURL: string, width: number, height: number, opts: { serviceWorkers?: boolean } = {}): Promise<BrowserContext> => {
  const ctx = await browser.newContext({ baseURL, viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1, serviceWorkers: opts.serviceWorkers ? 'allow' : 'block' });
  // Waits for the real state, however slow a loaded 2-core machine is; a wait that never comes
  // true still fails loudly, within the test's own timeout.
  ctx.setDefaultTimeout(60_000);
  return ctx;
};

export const screenshot = async (page: Page, name: string, opts: { fullPage?: boolean } = {}) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: opts.fullPage ?? true, timeout: 90_000 });
};

export const signIn = async (page: Page, username: string, password = 'liaison-demo') => {
  await page.goto('/sign-in');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('[data-testid=sign-in-form] button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
};

/** How far the page is wider than the viewport; 0 means no horizontal scrolling. */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const openPopups = (page: Page) => page.locator('.ant-select-dropdown:visible');

/** Waits up to `ms` until no Select popup is open; whether they all closed. */
const popupsClosed = async (page: Page, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while ((await openPopups(page).count()) > 0) {
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(50);
  }
  return true;
};

/** The antd Select (or TreeSelect) around a field's input. */
const selectRoot = (field: Locator) => field.locator(`xpath=ancestor-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]`);

/** Whether the Select shows `label` as (one of) its value(s), waiting up to `ms` for it to render. */
const showsValue = async (field: Locator, label: string, ms: number): Promise<boolean> => {
  const value = selectRoot(field).locator('.ant-select-selection-item, .ant-select-content-has-value, .ant-select-content-value, [title]').filter({ hasText: label });
  try {
    await value.first().waitFor({ state: 'visible', timeout: ms });
    return true;
  } catch {
    return false;
  }
};

/**
 * Picks one option of an antd Select or TreeSelect, then checks that the field shows it and that
 * its drop-down has closed. On a loaded machine a click can land while the list is still
 * rendering or reloading its options; the pick is then repeated (at most three times, never
 * toggling off an option a multiple select already holds) and fails loudly if it never takes.
 */
export const pick = async (page: Page, field: Locator, label: string, opts: { multiple?: boolean; search?: string } = {}) => {
  const what = `"${label}"`;
  let state = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1 && (await openPopups(page).count()) === 0 && (await showsValue(field, label, 500))) return;
    // Open the list unless a previous attempt left it open.
    if ((await openPopups(page).count()) === 0) await field.click();
    // A long (virtual) list renders only what is in view: type to find the option, as a user would.
    if (opts.search) await field.fill(opts.search);
    const popup = openPopups(page).last();
    await popup.waitFor({ timeout: 10_000 });
    const option = popup.locator('.ant-select-item-option, .ant-select-tree-treenode').filter({ hasText: label }).first();
    await option.waitFor({ timeout: 10_000 });
    const alreadySelected = /ant-select-item-option-selected|ant-select-tree-treenode-selected/.test((await option.getAttribute('class')) ?? '');
    // A tree node is picked by its title; the rest of its row (indent, switcher) does nothing.
    const title = option.locator('.ant-select-tree-node-content-wrapper');
    const target = (await title.count()) > 0 ? title.first() : option;
    // Clicking a single select's option (selected or not) picks it and closes the list; a multiple
    // select's selected option would be toggled off, so it is left alone.
    if (!(opts.multiple && alreadySelected)) await target.click();
    // A multiple select stays open after a pick: leaving the field closes it. Never Escape — once
    // the list has closed, Escape would reach the drawer or modal around the form and close it.
    if (opts.multiple) await field.blur();
    const closed = await popupsClosed(page, 5000);
    if (closed && (await showsValue(field, label, 3000))) return;
    state = closed ? 'the list closed but the field does not show it' : 'the list stayed open';
  }
  throw new Error(`pick: ${what} was picked three times and ${state}`);
};

/** Signs in through the API in a context of its own and calls one JSON endpoint (CSRF token from /me). */
export const apiAs = async <T = unknown>(browser: Browser, baseURL: string, username: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, data?: unknown): Promise<T> => {
  const ctx = await browser.newContext({ baseURL });
  try {
    const login = await ctx.request.post('/api/v1/auth/login', { data: { username, password: 'liaison-demo' } });
    if (!login.ok()) throw new Error(`login ${username}: ${login.status()}`);
    const me = (await (await ctx.request.get('/api/v1/me')).json()) as { csrfToken?: string };
    const res = await ctx.request.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken ?? '' } });
    if (!res.ok()) throw new Error(`${method} ${url} as ${username}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  } finally {
    await ctx.close();
  }
};

/** The masking policy (decision 031): whether an owner reads their own customers' phones in clear. */
export const setOwnerSeesOwnPhones = async (browser: Browser, baseURL: string, on: boolean) => {
  const now = await apiAs<{ ownerSeesOwnPhones: boolean; version: number }>(browser, baseURL, 'admin', 'GET', '/api/v1/privacy-policy');
  if (now.ownerSeesOwnPhones === on) return;
  await apiAs(browser, baseURL, 'admin', 'PUT', '/api/v1/privacy-policy', { ownerSeesOwnPhones: on, version: now.version });
};
