// The summary `npm test` prints. A tier that did not run is named loudly, so nobody mistakes a
// partial run (no PostgreSQL, no Chromium) for a full one.
/**
 * @param {{ label: string; ok: boolean }[]} steps
 * @param {{ label: string; why: string }[]} skipped
 * @returns {string[]}
 */
export const summaryLines = (steps, skipped) => {
  const failed = steps.filter((s) => !s.ok);
  const lines = ['', 'Summary:'];
  for (const s of steps) lines.push(`  ${s.ok ? '✓' : '✗'} ${s.label}`);
  for (const s of skipped) lines.push(`  ⚠ ${s.label}: SKIPPED — ${s.why}`);
  const counts = `${steps.length - failed.length} passed, ${failed.length} failed`;
  if (skipped.length)
    lines.push(`${counts}, ${skipped.length} SKIPPED — PARTIAL RUN, not the full suite (${skipped.map((s) => s.label).join(', ')} did not run)`);
  else lines.push(counts);
  return lines;
};
