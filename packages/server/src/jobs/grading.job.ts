import type { JobDefinition } from './runner.js';
import { recomputeGrades } from '../modules/grading/grading.service.js';

export const gradingJob: JobDefinition = { name: 'customer.grading', schedule: '15 2 * * *', run: (ctx, at) => recomputeGrades(ctx, at) };
