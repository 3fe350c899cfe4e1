import { defineConfig } from 'vitest/config';

// Unit tests of the pure helpers (`*Model.ts`) beside the components: `npx vitest run --root packages/web`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
