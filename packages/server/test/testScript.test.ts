import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { summaryLines } from '../../../scripts/testSummary.mjs';

describe('npm test summary', () => {
  it('names a skipped PostgreSQL or browser tier loudly and calls the run partial', () => {
    const lines: string[] = summaryLines(
      [
        { label: 'typecheck', ok: true },
        { label: 'integration suite on SQLite', ok: true },
      ],
      [
        { label: 'PostgreSQL', why: 'set TEST_DATABASE_URL' },
        { label: 'Browser', why: 'no Chromium at /usr/bin/chromium' },
      ],
    );
    expect(lines).toContain('  ⚠ PostgreSQL: SKIPPED — set TEST_DATABASE_URL');
    expect(lines).toContain('  ⚠ Browser: SKIPPED — no Chromium at /usr/bin/chromium');
    expect(lines.at(-1)).toMatch(/^2 passed, 0 failed, 2 SKIPPED — PARTIAL RUN/);
  });

  it('a full run says only the counts', () => {
    expect(summaryLines([{ label: 'lint', ok: true }, { label: 'x', ok: false }], []).at(-1)).toBe('1 passed, 1 failed');
  });
});
