// Who may read /metrics: everyone without a token; with one, only a request
// bearing exactly that token.
import { describe, expect, it } from 'vitest';
import { metricsAccessAllowed } from './metrics-token';

describe('metricsAccessAllowed', () => {
  it('lets anyone in when no token is configured', () => {
    expect(metricsAccessAllowed(undefined, null)).toBe(true);
    expect(metricsAccessAllowed(undefined, 'Bearer whatever')).toBe(true);
  });

  it('takes only the configured bearer token', () => {
    const token = 's3cret-token';
    expect(metricsAccessAllowed(token, `Bearer ${token}`)).toBe(true);
    expect(metricsAccessAllowed(token, `bearer ${token}`)).toBe(true);
    expect(metricsAccessAllowed(token, null)).toBe(false);
    expect(metricsAccessAllowed(token, '')).toBe(false);
    expect(metricsAccessAllowed(token, 'Bearer ')).toBe(false);
    expect(metricsAccessAllowed(token, `Bearer ${token}x`)).toBe(false);
    expect(metricsAccessAllowed(token, `Bearer ${token.slice(0, -1)}`)).toBe(false);
    expect(metricsAccessAllowed(token, `Basic ${Buffer.from(`x:${token}`).toString('base64')}`)).toBe(false);
    expect(metricsAccessAllowed(token, token)).toBe(false);
  });
});
