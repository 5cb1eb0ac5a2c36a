import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { invalidateThrottled } from './throttled-invalidation';

describe('invalidateThrottled', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refetches at once, then collapses a burst of messages into one trailing refetch per interval', () => {
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue();
    const key = ['events', 'e1', 'stats'];

    invalidateThrottled(queryClient, key, 2000);
    expect(invalidate).toHaveBeenCalledTimes(1);
    for (let index = 0; index < 500; index++) invalidateThrottled(queryClient, key, 2000);
    expect(invalidate).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1999);
    expect(invalidate).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(invalidate).toHaveBeenCalledTimes(2);
    expect(invalidate).toHaveBeenLastCalledWith({ queryKey: key, exact: true }, { cancelRefetch: false });

    // Quiet for longer than the interval: the next message refetches at once again.
    vi.advanceTimersByTime(5000);
    invalidateThrottled(queryClient, key, 2000);
    expect(invalidate).toHaveBeenCalledTimes(3);
  });

  it('throttles each query on its own', () => {
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue();
    invalidateThrottled(queryClient, ['events', 'e1', 'stats']);
    invalidateThrottled(queryClient, ['events', 'e2', 'stats']);
    expect(invalidate).toHaveBeenCalledTimes(2);
  });
});
