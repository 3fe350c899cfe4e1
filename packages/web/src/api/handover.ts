import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { customersKey } from './customers';

export type HandoverAssignment = { toUserId: string; customerIds: 'all' | string[] };
export type HandoverInput = { fromUserId: string; assignments: HandoverAssignment[]; reason: string };
export type HandoverResult = { moved: number; hooks: Record<string, number>; successors: { userId: string; name: string; customers: number }[] };

export type AuditActivity = {
  at: string;
  action: string;
  entity: string;
  entityId: string | null;
  customerName: string | null;
  detail: Record<string, unknown> | null;
};
export type DepartureAuditReport = {
  user: { id: string; username: string; displayName: string; orgUnitName: string };
  period: { from: string; to: string };
  held: { id: string; name: string; kind: string; stage: string; grade: string | null; isKey: boolean; lastContactAt: string | null; currentlyHeld: boolean }[];
  changed: AuditActivity[];
  revealed: AuditActivity[];
  exported: AuditActivity[];
  changeRequests: { id: string; customerId: string; customerName: string; field: string; oldValue: string | null; newValue: string | null; reason: string; status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; requestedAt: string; decidedAt: string | null; comment: string | null }[];
};
export type DepartureAuditQuery = { userId: string; from: string; to: string };

export const useHandover = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HandoverInput) => api.post<HandoverResult>('/handovers', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: customersKey }),
  });
};

export const useDepartureAudit = (query: DepartureAuditQuery | null) =>
  useQuery({
    queryKey: ['departureAudit', query],
    queryFn: () => api.get<DepartureAuditReport>('/departure-audit', query!),
    enabled: Boolean(query),
  });
