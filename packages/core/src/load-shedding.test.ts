// The queue-depth gate's sampling: the first admission waits for a depth,
// later ones use the last and refresh it behind, at most once per sample.
import { describe, expect, it } from 'vitest';
import { QueueDepthGate } from './load-shedding.ts';

describe('the queue-depth gate', () => {
  it('refuses with 503 past the bound, reading the depth at most once per sample', async () => {
    let depth = 2;
    let reads = 0;
    const queue = {
      getJobCountByTypes: async () => {
        reads++;
        return depth;
      },
    };
    const gate = new QueueDepthGate(queue, 3, 40);
    await gate.admit();
    await gate.admit();
    expect(reads).toBe(1);

    depth = 3;
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Stale: the calls read the depth again, once between them.
    const [first, second] = await Promise.allSettled([gate.admit(), gate.admit()]);
    expect(first).toMatchObject({
      status: 'rejected',
      reason: { kind: 'unavailable', message: expect.stringMatching(/^Brisk is at capacity: 3 activations/) },
    });
    expect(second.status).toBe('rejected');
    expect(reads).toBe(2);
  });
});
