import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TContact,
  TCreateCustomerBody,
  TCustomer,
  TCustomerStage,
  TUpdateCustomerBody,
  ZChangeRequest,
  ZCreateContactBody,
  ZCustomerEvent,
  ZUpdateContactBody,
} from '@liaison/shared';
import type { z } from 'zod';
import { api, type ListPage, type Query } from './client';

export type TCustomerEvent = z.infer<typeof ZCustomerEvent>;
export type TChangeRequest = z.infer<typeof ZChangeRequest>;
export type ContactInput = z.input<typeof ZCreateContactBody>;
export type ContactUpdate = z.input<typeof ZUpdateContactBody>;
export type CreateCustomerInput = TCreateCustomerBody;
export type UpdateCustomerInput = TUpdateCustomerBody & { id: string };
export type RevealField = 'phone' | 'idNumber' | 'address' | 'contact.mobile' | 'contact.landline' | 'contact.address';
import type { TKeyDate } from '@liaison/shared';
export type { TKeyDate };
export type KeyDateInput = Omit<TKeyDate, 'id' | 'customerId' | 'nextDate' | 'version' | 'contactId' | 'remindDaysBefore' | 'year' | 'leapMonth'> & {
  year?: number | null;
  leapMonth?: boolean;
  remindDaysBefore?: number;
};
export type TSavedFilter = { id: string; name: string; query: Record<string, string>; createdAt: string };
export type TRegion = { code: string; name: string; children?: TRegion[] };

/** The API's list query: everything a string, lists comma-separated. */
export type CustomerApiQuery = Query;

export const customersKey = ['customers'] as const;

export const useCustomers = (query: CustomerApiQuery, enabled = true) =>
  useQuery({
    queryKey: [...customersKey, 'list', query],
    queryFn: () => api.get<ListPage<TCustomer>>('/customers', query),
    placeholderData: keepPreviousData,
    enabled,
  });

/** Just the number of customers matching a query (one row fetched). */
export const useCustomerCount = (query: CustomerApiQuery, enabled = true) =>
  useQuery({
    queryKey: [...customersKey, 'count', query],
    queryFn: () => api.get<ListPage<TCustomer>>('/customers', { ...query, perPage: 1 }).then((r) => r.count),
    enabled,
  });

/** The number to show for a query: "10,000+" when the server stopped counting there. */
export const useCustomerCountShown = (query: CustomerApiQuery, enabled = true) =>
  useQuery({
    queryKey: [...customersKey, 'countShown', query],
    queryFn: () => api.get<ListPage<TCustomer>>('/customers', { ...query, perPage: 1 }).then((r) => (r.countCapped ? `${r.count.toLocaleString('en')}+` : r.count)),
    enabled,
  });

export const useCustomer = (id: string | undefined) =>
  useQuery({ queryKey: [...customersKey, 'one', id], queryFn: () => api.get<TCustomer>(`/customers/${id}`), enabled: Boolean(id) });

/** Every customer write can change lists, the detail, the timeline and the pool. */
const useCustomerMutation = <V, R>(fn: (v: V) => Promise<R>) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: customersKey });
      void qc.invalidateQueries({ queryKey: ['pool'] });
      void qc.invalidateQueries({ queryKey: ['changeRequests'] });
    },
  });
};

export const useCreateCustomer = () => useCustomerMutation((body: CreateCustomerInput) => api.post<TCustomer>('/customers', body));
export const useUpdateCustomer = () =>
  useCustomerMutation(({ id, ...body }: UpdateCustomerInput) => api.patch<TCustomer>(`/customers/${id}`, body));
export const useChangeStage = () =>
  useCustomerMutation(({ id, ...body }: { id: string; version: number; stage: TCustomerStage; reason?: string }) =>
    api.post<TCustomer>(`/customers/${id}/stage`, body),
  );
/**
 * A released customer leaves the caller's scope: its open detail keeps the answer instead of
 * refetching into a 404, and everything else refreshes.
 */
export const useReleaseCustomer = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number; reason: string; note?: string }) => api.post<TCustomer>(`/customers/${id}/release`, body),
    onSuccess: (c, v) => {
      const detail = [...customersKey, 'one', v.id];
      qc.setQueryData(detail, c);
      void qc.invalidateQueries({ queryKey: customersKey, predicate: (q) => !q.queryKey.includes(v.id) });
      void qc.invalidateQueries({ queryKey: ['pool'] });
    },
  });
};
export const useRequestChange = () =>
  useCustomerMutation(({ id, ...body }: { id: string; field: 'ownerId' | 'grade' | 'creditCode'; value: string | null; reason: string }) =>
    api.post<TChangeRequest>(`/customers/${id}/change-requests`, body),
  );

/** A reveal writes the audit log and the timeline, so the timeline is refreshed too. */
export const useReveal = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; field: RevealField; contactId?: string }) =>
      api.post<{ field: string; value: string | null }>(`/customers/${id}/reveal`, body),
    onSuccess: (_r, v) => void qc.invalidateQueries({ queryKey: [...customersKey, 'history', v.id] }),
  });
};

export const useAssignCustomers = () =>
  useCustomerMutation((body: { customerIds: string[]; ownerId: string; reason?: string }) => api.post<{ updated: number }>('/customers/assign', body));
export const useBulkRelease = () =>
  useCustomerMutation((body: { customerIds: string[]; reason: string; note?: string }) => api.post<{ updated: number }>('/customers/release', body));
export const useBulkTag = () =>
  useCustomerMutation((body: { customerIds: string[]; add?: string[]; remove?: string[] }) => api.post<{ updated: number }>('/customers/tags', body));

export const useCustomerHistory = (id: string, perPage = 30) =>
  useInfiniteQuery({
    queryKey: [...customersKey, 'history', id],
    queryFn: ({ pageParam }) => api.get<ListPage<TCustomerEvent>>(`/customers/${id}/history`, { page: pageParam, perPage }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page < last.totalPages ? last.page + 1 : undefined),
  });

// Contacts

const contactsKey = (id: string) => [...customersKey, 'contacts', id] as const;

export const useContacts = (customerId: string) =>
  useQuery({ queryKey: contactsKey(customerId), queryFn: () => api.get<{ data: TContact[] }>(`/customers/${customerId}/contacts`).then((r) => r.data) });

const useContactMutation = <V extends { customerId: string }, R>(fn: (v: V) => Promise<R>) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (_r, v) => {
      void qc.invalidateQueries({ queryKey: contactsKey(v.customerId) });
      void qc.invalidateQueries({ queryKey: [...customersKey, 'history', v.customerId] });
    },
  });
};

export const useCreateContact = () =>
  useContactMutation(({ customerId, ...body }: ContactInput & { customerId: string }) => api.post<TContact>(`/customers/${customerId}/contacts`, body));
export const useUpdateContact = () =>
  useContactMutation(({ customerId, id, ...body }: ContactUpdate & { customerId: string; id: string }) =>
    api.patch<TContact>(`/customers/${customerId}/contacts/${id}`, body),
  );
export const useDeleteContact = () =>
  useContactMutation(({ customerId, id, version }: { customerId: string; id: string; version: number }) =>
    api.delete<{ ok: true }>(`/customers/${customerId}/contacts/${id}`, { version }),
  );

// Important dates

const keyDatesKey = (id: string) => [...customersKey, 'keyDates', id] as const;

export const useKeyDates = (customerId: string) =>
  useQuery({ queryKey: keyDatesKey(customerId), queryFn: () => api.get<{ data: TKeyDate[] }>(`/customers/${customerId}/key-dates`).then((r) => r.data) });

const useKeyDateMutation = <V extends { customerId: string }, R>(fn: (v: V) => Promise<R>) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (_r, v) => {
      void qc.invalidateQueries({ queryKey: keyDatesKey(v.customerId) });
      void qc.invalidateQueries({ queryKey: [...customersKey, 'history', v.customerId] });
    },
  });
};

export const useCreateKeyDate = () =>
  useKeyDateMutation(({ customerId, ...body }: KeyDateInput & { customerId: string }) => api.post<TKeyDate>(`/customers/${customerId}/key-dates`, body));
export const useUpdateKeyDate = () =>
  useKeyDateMutation(({ customerId, id, ...body }: Partial<KeyDateInput> & { customerId: string; id: string; version: number }) =>
    api.patch<TKeyDate>(`/customers/${customerId}/key-dates/${id}`, body),
  );
export const useDeleteKeyDate = () =>
  useKeyDateMutation(({ customerId, id }: { customerId: string; id: string }) => api.delete<{ ok: true }>(`/customers/${customerId}/key-dates/${id}`));

// Saved filters

const savedKey = ['savedFilters'] as const;

export const useSavedFilters = () =>
  useQuery({ queryKey: savedKey, queryFn: () => api.get<{ data: TSavedFilter[] }>('/saved-filters').then((r) => r.data) });

export const useCreateSavedFilter = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; query: Record<string, string> }) => api.post<TSavedFilter>('/saved-filters', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: savedKey }),
  });
};

export const useDeleteSavedFilter = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(`/saved-filters/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: savedKey }),
  });
};

// Regions (official administrative divisions; they change once a year at most)

export const useRegions = () =>
  useQuery({ queryKey: ['regions'], queryFn: () => api.get<{ data: TRegion[] }>('/regions').then((r) => r.data), staleTime: Infinity });

// Change requests

const changeRequestsKey = ['changeRequests'] as const;

export const useChangeRequests = (status?: TChangeRequest['status']) =>
  useQuery({
    queryKey: [...changeRequestsKey, status ?? 'all'],
    queryFn: () => api.get<{ data: TChangeRequest[] }>('/change-requests', { status }).then((r) => r.data),
  });

export const useWithdrawChangeRequest = () =>
  useCustomerMutation(({ id, version }: { id: string; version: number }) => api.post<TChangeRequest>(`/change-requests/${id}/withdraw`, { version }));

export const useDecideChangeRequest = () =>
  useCustomerMutation(({ id, ...body }: { id: string; approve: boolean; comment?: string }) => api.post<TChangeRequest>(`/change-requests/${id}/decide`, body));
