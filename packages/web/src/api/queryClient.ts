import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';

type Listener = (code: string) => void;
let unauthorizedListener: Listener | null = null;
let errorListener: ((error: Error) => void) | null = null;

/** The app shell registers what "signed out" and "a query failed" look like on screen. */
export const onUnauthorized = (fn: Listener) => {
  unauthorizedListener = fn;
};
export const onQueryError = (fn: (error: Error) => void) => {
  errorListener = fn;
};


export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (isApiError(error) && error.status === 401) return unauthorizedListener?.(error.code);
      // A first load that fails shows its error in the page; a failed refresh of data on screen is toasted.
      if (!query.meta?.silent && query.state.data !== undefined) errorListener?.(error);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error) => {
      if (isApiError(error) && error.status === 401) unauthorizedListener?.(error.code);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors will not fix themselves; only network and 5xx are retried.
      retry: (count, error) => (!isApiError(error) || error.status === 0 || error.status >= 500) && count < 2,
    },
  },
});
