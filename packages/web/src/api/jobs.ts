import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TJobRun, ZJob } from '@liaison/shared';
import type { z } from 'zod';
import { api, type ListPage } from './client';

export type TJob = z.infer<typeof ZJob>;

const key = ['jobs'] as const;

export const useJobs = () =>
  useQuery({ queryKey: key, queryFn: () => api.get<{ data: TJob[] }>('/jobs').then((r) => r.data), refetchInterval: 30_000 });

export const useJobRuns = (job: string | undefined, page: number, perPage = 10) =>
  useQuery({
    queryKey: [...key, 'runs', job, page, perPage],
    queryFn: () => api.get<ListPage<TJobRun>>('/jobs/runs', { job, page, perPage }),
    enabled: Boolean(job),
    placeholderData: keepPreviousData,
  });

export const useRunJob = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<TJobRun>(`/jobs/${encodeURIComponent(name)}/run`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
};
