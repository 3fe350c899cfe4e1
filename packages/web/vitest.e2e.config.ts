import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests against the real server and the built app:
// `npx vitest run -c packages/web/vitest.e2e.config.ts` from the repository root.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    // Building the web app (when dist is missing) and booting the server happen in beforeAll.
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
