import { describe, expect, it } from 'vitest';
import { chooseWorker, coprimeSteps, homeWorker, probeOrder, type PlacementCandidate } from './home-worker.ts';

const free = (workerId: string, freeSlots = 4, freeMemoryMb = 1024): PlacementCandidate => ({ workerId, freeSlots, freeMemoryMb });

describe('placement by action', () => {
  it('probes every worker exactly once, home first', () => {
    for (const n of [1, 2, 3, 4, 6, 7, 12]) {
      for (const key of ['guest/a', 'guest/b', 'other/pkg/c']) {
        const order = probeOrder(key, n);
        expect(new Set(order).size).toBe(n);
        expect(order[0]).toBe(probeOrder(key, n)[0]);
      }
    }
  });

  it('uses only steps coprime with the number of workers', () => {
    expect(coprimeSteps(6)).toEqual([1, 5]);
    expect(coprimeSteps(7)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(coprimeSteps(1)).toEqual([1]);
  });

  it('gives the same home whatever order the workers are listed in', () => {
    expect(homeWorker('guest/hello', ['w2', 'w1', 'w3'])).toBe(homeWorker('guest/hello', ['w3', 'w1', 'w2']));
  });

  it('spreads actions over the workers', () => {
    const homes = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const home = homeWorker(`guest/action-${i}`, ['w1', 'w2', 'w3', 'w4']) ?? '';
      homes.set(home, (homes.get(home) ?? 0) + 1);
    }
    expect(homes.size).toBe(4);
    for (const count of homes.values()) expect(count).toBeGreaterThan(60);
  });

  it('takes the home while it has room, then the next worker of the probe, then none', () => {
    const workers = [free('w1'), free('w2'), free('w3')];
    const key = 'guest/hello';
    const order = probeOrder(key, 3);
    const home = workers[order[0]!]!.workerId;
    const next = workers[order[1]!]!.workerId;
    expect(chooseWorker(key, workers, 256)?.workerId).toBe(home);

    const homeFull = workers.map((w) => (w.workerId === home ? free(home, 0) : w));
    expect(chooseWorker(key, homeFull, 256)?.workerId).toBe(next);
    const homeShortOfMemory = workers.map((w) => (w.workerId === home ? free(home, 4, 128) : w));
    expect(chooseWorker(key, homeShortOfMemory, 256)?.workerId).toBe(next);

    expect(
      chooseWorker(
        key,
        workers.map((w) => free(w.workerId, 0)),
        256,
      ),
    ).toBeUndefined();
    expect(chooseWorker(key, [], 256)).toBeUndefined();
  });
});
