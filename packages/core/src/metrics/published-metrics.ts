// Metrics of every process, through Redis. Each worker and web replica keeps
// its own prom-client registry and, every few seconds, writes the registry's
// JSON to `<prefix>:metrics:<source>` with a time to live; a sorted set
// indexes the snapshots by expiry, so a scrape reads them without scanning
// the keyspace. A process that dies stops refreshing its snapshot and its
// series are gone from `/metrics` once the snapshot expires; one that stops
// cleanly withdraws it at once. Nothing is written per activation: the hot
// path only increments counters in memory.
import type { Redis } from 'ioredis';
import type { MetricObjectWithValues, MetricValue, Registry } from 'prom-client';

/** One registry's `getMetricsAsJSON()`. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/** A snapshot lives this many publishing intervals: one late publish (a busy event loop) does not drop a process's series. */
export const SNAPSHOT_LIFETIME_INTERVALS = 3;

/** Where one process's snapshot is kept; `source` is e.g. `worker:<workerId>` or `web:<replicaId>`. */
export function metricsSnapshotKey(prefix: string, source: string): string {
  return `${prefix}:metrics:${source}`;
}

/** The sorted set of sources, scored by when their snapshot expires. */
export function metricsSourcesKey(prefix: string): string {
  return `${prefix}:metrics:sources`;
}

/**
 * Writes a snapshot with its time to live and indexes it, in one round trip;
 * index entries of processes long gone are dropped on the way, so the index
 * stays as small as the set of living processes even if nobody scrapes.
 */
export async function publishMetricsSnapshot(redis: Redis, prefix: string, source: string, snapshot: MetricsSnapshot, ttlMs: number): Promise<void> {
  const expiresAt = Date.now() + ttlMs;
  const results = await redis
    .multi()
    .set(metricsSnapshotKey(prefix, source), JSON.stringify(snapshot), 'PX', ttlMs)
    .zadd(metricsSourcesKey(prefix), expiresAt, source)
    .zremrangebyscore(metricsSourcesKey(prefix), '-inf', Date.now())
    .exec();
  for (const [error] of results ?? []) if (error) throw error;
}

/** Removes a process's snapshot at once (a clean stop). */
export async function withdrawMetricsSnapshot(redis: Redis, prefix: string, source: string): Promise<void> {
  await redis.multi().del(metricsSnapshotKey(prefix, source)).zrem(metricsSourcesKey(prefix), source).exec();
}

/**
 * The snapshots of every living process but `exclude` (the caller's own,
 * which it reads from memory). Expired index entries are dropped on the way.
 */
export async function readMetricsSnapshots(redis: Redis, prefix: string, exclude?: string): Promise<MetricsSnapshot[]> {
  const now = Date.now();
  const index = metricsSourcesKey(prefix);
  const [, live] = await Promise.all([redis.zremrangebyscore(index, '-inf', now), redis.zrangebyscore(index, now, '+inf')]);
  const sources = live.filter((source) => source !== exclude);
  if (sources.length === 0) return [];
  const texts = await redis.mget(sources.map((source) => metricsSnapshotKey(prefix, source)));
  const snapshots: MetricsSnapshot[] = [];
  for (const text of texts) {
    // Gone between the two reads (expired, withdrawn), or not ours to trust: skipped, never fatal to a scrape.
    if (text === null) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) snapshots.push(parsed as MetricsSnapshot);
    } catch {
      // A snapshot that is not JSON is ignored.
    }
  }
  return snapshots;
}

export interface MetricsPublisher {
  /** Publishes at once, outside the interval (tests use it to avoid waiting). */
  publishNow(): Promise<void>;
  /** Stops publishing and withdraws the snapshot. */
  stop(): Promise<void>;
}

export interface MetricsPublisherOptions {
  redis: Redis;
  prefix: string;
  source: string;
  registry: Registry;
  everyMs: number;
  onError?: (error: Error) => void;
}

/** Publishes `registry` every `everyMs`, starting at once. */
export function startMetricsPublisher(options: MetricsPublisherOptions): MetricsPublisher {
  const { redis, prefix, source, registry, everyMs } = options;
  const ttlMs = everyMs * SNAPSHOT_LIFETIME_INTERVALS;
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  const publishNow = async () => {
    if (stopped) return;
    const snapshot = (await registry.getMetricsAsJSON()) as MetricsSnapshot;
    if (!stopped) await publishMetricsSnapshot(redis, prefix, source, snapshot, ttlMs);
  };
  const tick = () => {
    // One publish at a time: a slow Redis must not pile them up.
    if (inFlight) return;
    inFlight = publishNow()
      .catch((error: Error) => options.onError?.(error))
      .finally(() => {
        inFlight = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    publishNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      await withdrawMetricsSnapshot(redis, prefix, source).catch((error: Error) => options.onError?.(error));
    },
  };
}
