import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api/errors';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx will answer the same way again; only transient failures deserve one more try.
  if (error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500) return false;
  return failureCount < 1;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: shouldRetry },
    mutations: { retry: false },
  },
});
