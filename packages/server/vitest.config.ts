import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Sized for a loaded 2-core CI machine (creating or dropping a PostgreSQL database can take a
    // minute there); the tests assert behaviour, never time.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Files run in parallel processes; each gets its own fresh database.
    pool: 'forks',
    maxWorkers: 2,
  },
});
