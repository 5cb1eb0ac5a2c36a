import { describe, expect, it } from 'vitest';
import { BUCKET_MS, bucketAdmissions } from './get-check-in-timeline';

describe('check-ins per 5 minutes', () => {
  it('counts admissions into the slots of the last two hours, empty slots included', () => {
    const now = Date.UTC(2030, 0, 1, 10, 7);
    const at = (h: number, m: number) => new Date(Date.UTC(2030, 0, 1, h, m)).toISOString();
    const buckets = bucketAdmissions(
      [
        { scanId: 'a', at: at(10, 6) },
        { scanId: 'b', at: at(10, 5) },
        { scanId: 'c', at: at(10, 4) },
        { scanId: 'd', at: at(8, 0) },
      ],
      now,
    );
    expect(buckets).toHaveLength(24);
    expect(buckets.at(-1)).toEqual({ start: Date.UTC(2030, 0, 1, 10, 5), count: 2 });
    expect(buckets.at(-2)).toEqual({ start: Date.UTC(2030, 0, 1, 10, 0), count: 1 });
    expect(buckets[0]!.start).toBe(Date.UTC(2030, 0, 1, 10, 5) - 23 * BUCKET_MS);
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(3);
  });
});
