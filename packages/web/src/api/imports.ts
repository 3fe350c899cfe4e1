import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { customersKey } from './customers';

export type ImportMode = 'all' | 'validOnly';
export type ImportError = { row: number; column: string; message: string };
export type TImportJob = {
  id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed';
  fileName: string;
  mode: ImportMode;
  phase: 'validating' | 'writing' | 'done';
  totalRows: number;
  processedRows: number;
  importedRows: number;
  errorCount: number;
  errors: ImportError[];
  /** The encoding a CSV was read in; null for .xlsx. */
  encoding: 'utf-8' | 'gb18030' | null;
  createdAt: string;
  finishedAt: string | null;
};
export type FiguresImportResult = { imported: number; errors: ImportError[] };

export const POLL_MS = 500;

export const useStartImport = () =>
  useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: ImportMode }) => api.upload<TImportJob>('/imports', file, { query: { mode } }),
  });

/** Polls a running import every half second; stops when it has finished. */
export const useImportJob = (id: string | null) => {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['imports', id],
    queryFn: async () => {
      const job = await api.get<TImportJob>(`/imports/${id}`);
      if (job.status !== 'running' && job.importedRows > 0) void qc.invalidateQueries({ queryKey: customersKey });
      return job;
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : POLL_MS),
    staleTime: 0,
  });
};

export const useImportFigures = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<FiguresImportResult>('/business-figures/import', file),
    onSuccess: () => qc.invalidateQueries({ queryKey: customersKey }),
  });
};
