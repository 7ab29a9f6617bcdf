import { describe, expect, it } from 'vitest';
import { retryWithBackoff } from './retry.ts';

describe('retryWithBackoff', () => {
  it('tries again, waiting longer each time, until it works', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await retryWithBackoff(
      async () => {
        if (++calls < 4) throw new Error(`down ${calls}`);
        return 'written';
      },
      { firstDelayMs: 5, onRetry: (_error, delayMs) => delays.push(delayMs) },
    );
    expect(result).toBe('written');
    expect(delays).toEqual([5, 10, 20]);
  });

  it('gives up with the last error once its time is spent', async () => {
    await expect(
      retryWithBackoff(
        async () => {
          throw new Error('still down');
        },
        { firstDelayMs: 5, maxMs: 30 },
      ),
    ).rejects.toThrow('still down');
  });
});
