// Whether the Redis Brisk is given keeps what it is given. Accepted
// activations, deployments and alarm ticks are BullMQ jobs in Redis: without
// persistence a Redis restart drops them, and an eviction policy other than
// `noeviction` lets Redis drop them under memory pressure (BullMQ's own
// production advice). Checked at worker start and said loudly, not refused:
// a throwaway Redis is a fair choice for a laptop.
import type { Redis } from 'ioredis';

export async function redisDurabilityWarnings(redis: Redis): Promise<string[]> {
  let settings: { appendonly: string; save: string; policy: string };
  try {
    const read = async (name: string) => ((await redis.config('GET', name)) as string[])[1] ?? '';
    settings = { appendonly: await read('appendonly'), save: await read('save'), policy: await read('maxmemory-policy') };
  } catch (error) {
    return [
      `could not read Redis's persistence settings (${(error as Error).message}); make sure it keeps its data (appendonly yes) and never evicts (maxmemory-policy noeviction)`,
    ];
  }
  const warnings: string[] = [];
  if (settings.appendonly !== 'yes' && settings.save.trim() === '') {
    warnings.push('Redis keeps no data (appendonly no, no snapshots): a Redis restart loses every accepted activation not yet run. Set appendonly yes.');
  } else if (settings.appendonly !== 'yes') {
    warnings.push('Redis keeps only snapshots (appendonly no): a Redis restart loses what was accepted since the last one. Set appendonly yes.');
  }
  if (settings.policy !== 'noeviction') {
    warnings.push(
      `Redis may evict keys (maxmemory-policy ${settings.policy}): under memory pressure it drops queued activations. Set maxmemory-policy noeviction.`,
    );
  }
  return warnings;
}
