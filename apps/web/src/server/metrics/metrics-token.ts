// Who may read /metrics: anyone when no token is configured (a Prometheus on
// a private network, as with most exporters), else only `Authorization:
// Bearer <BRISK_METRICS_TOKEN>`, compared in constant time (core's sameSecret).
import { bearerToken, sameSecret } from '@brisk/core';

/** True when the request may read the metrics. */
export function metricsAccessAllowed(token: string | undefined, authorization: string | null | undefined): boolean {
  if (!token) return true;
  return sameSecret(bearerToken(authorization), token);
}
