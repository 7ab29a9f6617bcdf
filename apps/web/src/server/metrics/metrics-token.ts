// Who may read /metrics: anyone when no token is configured (a Prometheus on
// a private network, as with most exporters), else only `Authorization:
// Bearer <BRISK_METRICS_TOKEN>`. The comparison takes the same time whatever
// the guess: both sides are hashed first, so even their lengths stay hidden.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** True when the request may read the metrics. */
export function metricsAccessAllowed(token: string | undefined, authorization: string | null | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  // Compared even without a bearer token, so an absent header costs what a wrong one does.
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}
