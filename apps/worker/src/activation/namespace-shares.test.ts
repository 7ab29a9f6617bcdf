// A worker's slots shared between namespaces: the cap holds, a waiting job
// takes over a share the moment one of its namespace's activations ends, and
// gives up after its wait; other namespaces are not held back.
import { describe, expect, it } from 'vitest';
import { defaultNamespaceCap, NamespaceShares } from './namespace-shares.ts';

describe('namespace shares', () => {
  it('keeps one slot in eight for other namespaces', () => {
    expect(defaultNamespaceCap(16)).toBe(14);
    expect(defaultNamespaceCap(8)).toBe(7);
    expect(defaultNamespaceCap(1)).toBe(1);
  });

  it('hands a released share to the job waiting for it, and lets a wait run out', async () => {
    const shares = new NamespaceShares(2);
    expect(shares.tryTake('a')).toBe(true);
    expect(shares.tryTake('a')).toBe(true);
    expect(shares.tryTake('a')).toBe(false);
    expect(shares.tryTake('b')).toBe(true);

    const waited = shares.take('a', 1_000);
    shares.release('a');
    expect(await waited).toBe(true);
    // The share passed on: 'a' still holds two.
    expect(shares.tryTake('a')).toBe(false);

    const started = Date.now();
    expect(await shares.take('a', 50)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    // A release after the wait ran out frees the share for the next taker.
    shares.release('a');
    expect(shares.tryTake('a')).toBe(true);
  });
});
