import type { JobDefinition, TaskDefinition } from './runner.js';
import { importTask } from '../modules/imports/import.routes.js';
import { complianceTask } from '../modules/visits/contactRule.service.js';
import { gradingTask } from '../modules/grading/grading.service.js';
import { sessionCleanupJob } from './session.job.js';
import { dormancyJob, reclaimJob } from './reclaim.job.js';
import { gradingJob } from './grading.job.js';
import { ticketSlaJob } from './ticketSla.job.js';
import { visitDueJob, visitNightlyJob } from './visit.jobs.js';
import { planOverdueJob } from './plan.jobs.js';
import { keyDateJob } from './keyDate.job.js';

/** Every scheduled job of the app; modules add theirs here. */
export const allJobs: JobDefinition[] = [sessionCleanupJob, reclaimJob, dormancyJob, gradingJob, visitNightlyJob, visitDueJob, keyDateJob, ticketSlaJob, planOverdueJob];

/** Every on-demand task (decision 081): started by a request, leased like a scheduled run. */
export const allTasks: TaskDefinition[] = [importTask, complianceTask, gradingTask];
