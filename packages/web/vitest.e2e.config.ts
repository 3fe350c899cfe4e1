import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests against the real server and the built app:
// `npx vitest run -c packages/web/vitest.e2e.config.ts` from the repository root.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    // Generous: on a loaded 2-core CI machine one browser story can take a minute; the tests
    // assert behaviour, never time.
    testTimeout: 120_000,
    // expect.poll waits for a page to catch up (a search result, a badge); one second is too short
    // on a loaded machine.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    // The web app is built once in globalSetup (no timeout there); booting the server with the
    // demo organisation happens in each file's beforeAll.
    globalSetup: ['e2e/globalSetup.ts'],
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
