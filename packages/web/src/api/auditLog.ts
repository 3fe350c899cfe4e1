import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TAuditEntry } from '@liaison/shared';
import { api, type ListPage } from './client';

export type AuditQuery = {
  page?: number;
  perPage?: number;
  actorId?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
};

export const useAuditLog = (query: AuditQuery) =>
  useQuery({
    queryKey: ['auditLog', query],
    queryFn: () => api.get<ListPage<TAuditEntry>>('/audit-log', query),
    placeholderData: keepPreviousData,
  });
