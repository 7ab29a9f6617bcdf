// The web replica's own metrics: how long it takes to answer, by route
// template, method and status. Labels are bounded by construction: the route
// is a template of the route table (`/api/v1/namespaces/{namespace}/actions/{action+}`)
// or one of a few fixed names, never a path with ids or names in it; methods
// outside HTTP's usual ones are `other`; a status is one of HTTP's codes.
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Requests no route of the table matched (404, 405). */
export const UNMATCHED_ROUTE = 'unmatched';
/** API requests refused at once because the replica was at capacity. */
export const SHED_ROUTE = 'shed';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Seconds, from a sub-millisecond answer to a blocking invocation's 60 s wait. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface HttpMetrics {
  registry: Registry;
  /** Records one answered request; `seconds` from its arrival to its answer being handed to the socket. */
  observe(route: string, method: string, status: number, seconds: number): void;
}

export function createHttpMetrics(replicaId: string): HttpMetrics {
  const registry = new Registry();
  // Added on output only: each replica's series stay apart in the merged /metrics.
  registry.setDefaultLabels({ replica: replicaId });
  collectDefaultMetrics({ register: registry });
  const histogram = new Histogram({
    name: 'brisk_http_request_duration_seconds',
    help: 'Time the web took to answer, by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: BUCKETS,
    registers: [registry],
  });
  // Label children per (route, method, status): a request costs a map lookup and one observe.
  const children = new Map<string, { observe(value: number): void }>();
  return {
    registry,
    observe(route, method, status, seconds) {
      const knownMethod = METHODS.has(method) ? method : 'other';
      const key = `${route} ${knownMethod} ${status}`;
      let child = children.get(key);
      if (!child) {
        child = histogram.labels({ route, method: knownMethod, status: String(status) });
        children.set(key, child);
      }
      child.observe(seconds);
    },
  };
}

const holder = globalThis as typeof globalThis & { briskHttpMetrics?: HttpMetrics };

/** The replica's one HttpMetrics (on globalThis: the custom server and Next's bundle load this module twice). */
export function httpMetrics(replicaId: string): HttpMetrics {
  holder.briskHttpMetrics ??= createHttpMetrics(replicaId);
  return holder.briskHttpMetrics;
}
