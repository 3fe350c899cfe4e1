import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TCustomer } from '@liaison/shared';
import { ensureWebBuild, horizontalOverflow, launchBrowser, newContext, screenshot, signIn, startServer, watchErrors, type RunningServer } from './harness';

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
});
