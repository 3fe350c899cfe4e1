export type CronText = { key: 'hourlyAt'; minute: string } | { key: 'dailyAt'; time: string } | null;

/** Reads the two cron shapes the jobs use; anything else is shown as the raw expression. */
export const describeCron = (expr: string): CronText => {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [min, hour, dom, mon, dow] = parts as [string, string, string, string, string];
  if (dom !== '*' || mon !== '*' || dow !== '*' || !/^\d+$/.test(min)) return null;
  if (hour === '*') return { key: 'hourlyAt', minute: min };
  if (/^\d+$/.test(hour)) return { key: 'dailyAt', time: `${hour.padStart(2, '0')}:${min.padStart(2, '0')}` };
  return null;
};

export const durationMs = (startedAt: string, finishedAt: string | null): number | null =>
  finishedAt ? new Date(finishedAt).getTime() - new Date(startedAt).getTime() : null;

export const formatDuration = (ms: number | null): string => {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
};

export const statusBadge = (status: string): 'processing' | 'success' | 'error' | 'warning' | 'default' =>
  status === 'running' ? 'processing' : status === 'succeeded' ? 'success' : status === 'failed' ? 'error' : status === 'abandoned' ? 'warning' : 'default';

/** A run's numeric counters as "回收 96 · 预警 72"; null when it returned none. */
export const resultSummary = (result: Record<string, unknown> | null | undefined, label: (key: string) => string): string | null => {
  const parts = Object.entries(result ?? {})
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${label(k)} ${v as number}`);
  return parts.length ? parts.join(' · ') : null;
};
