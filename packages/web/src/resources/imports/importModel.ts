import type { ImportMode, TImportJob } from '../../api/imports';

export const importModes: ImportMode[] = ['all', 'validOnly'];

export const isImportMode = (v: string | null): v is ImportMode => v === 'all' || v === 'validOnly';

/**
 * Progress 0–100 across both passes: validating is the first half, writing the second. Null while
 * the total is not known yet (the first pass counts the rows as it reads them): the page shows
 * an indeterminate bar with the row count rather than a "0 %" that never moves.
 */
export const importPercent = (job: Pick<TImportJob, 'status' | 'phase' | 'processedRows' | 'totalRows'>): number | null => {
  if (job.status !== 'running') return 100;
  if (!(job.totalRows > 0)) return null;
  const share = Math.min(1, job.processedRows / job.totalRows);
  return Math.floor(job.phase === 'writing' ? 50 + share * 50 : share * 50);
};

export type ImportOutcome = 'running' | 'complete' | 'partial' | 'rejected' | 'crashed';

/**
 * What happened, in the words the page uses: everything imported; some rows imported and others
 * not (valid-only mode); nothing written because of errors (all-or-nothing); or a failure.
 */
export const importOutcome = (job: Pick<TImportJob, 'status' | 'importedRows' | 'errorCount'>): ImportOutcome => {
  if (job.status === 'running') return 'running';
  if (job.status === 'failed' && job.errorCount === 0) return 'crashed';
  if (job.errorCount === 0) return 'complete';
  return job.importedRows > 0 ? 'partial' : 'rejected';
};

/** The wizard's step for a job: none yet → prepare/upload; a job → its result. */
export const wizardStep = (jobId: string | null, uploading: boolean, chosen: boolean): 0 | 1 | 2 => (jobId ? 2 : uploading || chosen ? 1 : 0);

export const acceptsFile = (name: string): boolean => /\.(xlsx|csv)$/i.test(name);
