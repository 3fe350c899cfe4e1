import type { JobDefinition } from './runner.js';
import { GRADING_JOB, recomputeGrades } from '../modules/grading/grading.service.js';

export const gradingJob: JobDefinition = { name: GRADING_JOB, schedule: '15 2 * * *', run: (ctx, at) => recomputeGrades(ctx, at) };
