import type { ImportMode, TImportJob } from '../../api/imports';

export const importModes: ImportMode[] = ['all', 'validOnly'];

export const isImportMode = (v: string | null): v is ImportMode => v === 'all' || v === 'validOnly';

/** Progress 0–100 across both passes: validating is the first half, writing the second. */
export const importPercent = (job: Pick<TImportJob, 'status' | 'phase' | 'processedRows' | 'totalRows'>): number => {
  if (job.status !== 'running') return 100;
  const share = job.totalRows > 0 ? Math.min(1, job.processedRows / job.totalRows) : 0;
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
