import type { JobDefinition } from './runner.js';
import { sessionCleanupJob } from './session.job.js';
import { dormancyJob, reclaimJob } from './reclaim.job.js';
import { gradingJob } from './grading.job.js';
import { ticketSlaJob } from './ticketSla.job.js';
import { visitDueJob, visitNightlyJob } from './visit.jobs.js';
import { planOverdueJob } from './plan.jobs.js';
import { keyDateJob } from './keyDate.job.js';

/** Every scheduled job of the app; modules add theirs here. */
export const allJobs: JobDefinition[] = [sessionCleanupJob, reclaimJob, dormancyJob, gradingJob, visitNightlyJob, visitDueJob, keyDateJob, ticketSlaJob, planOverdueJob];
