// The queue gauge counts prioritized jobs as waiting: every activation job
// carries a priority (fair queueing), so BullMQ keeps them there, not in 'wait'.
import { describe, expect, it } from 'vitest';
import { queueMetricsRegistry } from './queue-metrics';

describe('the queue gauge', () => {
  it('reports waiting as waiting plus prioritized, and active and delayed as they are', async () => {
    const queue = { name: 'activations', getJobCounts: async () => ({ waiting: 1, prioritized: 4, active: 2, delayed: 3 }) };
    const text = await queueMetricsRegistry(queue as never).metrics();
    expect(text).toContain('brisk_queue_jobs{queue="activations",state="waiting"} 5');
    expect(text).toContain('brisk_queue_jobs{queue="activations",state="active"} 2');
    expect(text).toContain('brisk_queue_jobs{queue="activations",state="delayed"} 3');
  });
});
