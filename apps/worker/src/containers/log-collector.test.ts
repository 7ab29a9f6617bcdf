import { describe, expect, it } from 'vitest';
import { IDLE_FLOOD_BYTES, IDLE_KEEP_BYTES, LOG_LINE_COST_BYTES, LOG_SENTINEL, LogCollector } from './log-collector.ts';

const line = (text: string) => `${text}\n`;

describe('LogCollector', () => {
  it('cuts each activation at the sentinels of both streams, whatever the chunking', async () => {
    const logs = new LogCollector();
    logs.begin(1024);
    logs.write('stdout', 'Hel');
    logs.write('stdout', `lo\nWorld\n${LOG_SENTINEL.slice(0, 5)}`);
    logs.write('stderr', line('oops'));
    logs.write('stdout', `${LOG_SENTINEL.slice(5)}\nnext-activation-line\n`);
    logs.write('stderr', line(LOG_SENTINEL));
    const first = await logs.finish(1000);
    expect(first.complete).toBe(true);
    expect(first.lines.map((entry) => entry.replace(/^\S+ /, ''))).toEqual(['stdout: Hello', 'stdout: World', 'stderr: oops']);
    expect(first.lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z stdout: Hello$/);

    // Output after a stream's sentinel (stray async logging) goes to the next activation.
    logs.begin(1024);
    logs.write('stdout', line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    expect((await logs.finish(1000)).lines.map((entry) => entry.replace(/^\S+ /, ''))).toEqual(['stdout: next-activation-line']);
  });

  it('reports incomplete logs when a sentinel never comes, keeping partial lines', async () => {
    const logs = new LogCollector();
    logs.begin(1024);
    logs.write('stdout', 'no newline at the end');
    const result = await logs.finish(20);
    expect(result.complete).toBe(false);
    expect(result.lines[0]).toMatch(/stdout: no newline at the end$/);
  });

  it('truncates past the limit with a notice', async () => {
    const logs = new LogCollector();
    logs.begin(2 * (5 + LOG_LINE_COST_BYTES) + 5);
    logs.write('stdout', line('12345') + line('67890') + line('abcde') + line('more'));
    logs.write('stdout', line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    const result = await logs.finish(100);
    expect(result.truncated).toBe(true);
    expect(result.lines).toHaveLength(3);
    expect(result.lines[2]).toMatch(/Logs were truncated because the total bytes size exceeds the limit of 143 bytes/);
  });

  it('charges empty lines, and past the limit only looks for the sentinel', async () => {
    const logs = new LogCollector();
    logs.begin(1000 * LOG_LINE_COST_BYTES);
    const flood = '\n'.repeat(64 * 1024);
    const dropping: boolean[] = [];
    for (let i = 0; i < 32; i++) dropping.push(logs.write('stdout', flood)); // 2M empty lines
    // The sentinel split over two chunks, right after the flood, is still found.
    logs.write('stdout', `${LOG_SENTINEL.slice(0, 9)}`);
    logs.write('stdout', `${LOG_SENTINEL.slice(9)}\nafter\n`);
    logs.write('stderr', line(LOG_SENTINEL));
    const result = await logs.finish(100);
    expect(result.complete).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.lines).toHaveLength(1001); // 1000 empty lines and the notice
    expect(dropping.slice(-4)).toEqual([true, true, true, true]);
    logs.begin(1024);
    logs.write('stdout', line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    expect((await logs.finish(100)).lines.map((entry) => entry.replace(/^\S+ /, ''))).toEqual(['stdout: after']);
  });

  it('cuts a line that never ends at what the limit leaves', async () => {
    const logs = new LogCollector();
    logs.begin(4096);
    for (let i = 0; i < 100; i++) logs.write('stdout', 'x'.repeat(1024));
    logs.write('stdout', line('') + line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    const result = await logs.finish(100);
    expect(result.truncated).toBe(true);
    expect(result.lines.at(-1)).toMatch(/Logs were truncated/);
    expect(result.lines.join('').length).toBeLessThan(8 * 1024);
  });

  it('finds a sentinel split across reads when the log limit is all used up', async () => {
    for (const limit of [0, 3 + LOG_LINE_COST_BYTES]) {
      const logs = new LogCollector();
      logs.begin(limit);
      logs.write('stdout', line('abc'));
      logs.write('stdout', LOG_SENTINEL.slice(0, 10));
      logs.write('stdout', `${LOG_SENTINEL.slice(10)}\n`);
      logs.write('stderr', line(LOG_SENTINEL));
      expect((await logs.finish(50)).complete, `limit ${limit}`).toBe(true);
    }
  });

  it('keeps a little output from between activations, then drops it and reports the flood once', async () => {
    const logs = new LogCollector();
    let floods = 0;
    logs.onIdleFlood = () => floods++;
    logs.begin(10 * 1024 * 1024);
    logs.write('stdout', line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    await logs.finish(100);
    // A detached child keeps writing after the activation ended.
    const chunk = line('y'.repeat(1000)).repeat(64);
    let written = 0;
    while (written <= 2 * IDLE_FLOOD_BYTES) {
      logs.write('stdout', chunk);
      written += chunk.length;
    }
    expect(floods).toBe(1);
    expect(logs.flooded).toBe(true);
    logs.begin(10 * 1024 * 1024);
    logs.write('stdout', line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    const kept = (await logs.finish(100)).lines;
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length * (1000 + LOG_LINE_COST_BYTES)).toBeLessThanOrEqual(IDLE_KEEP_BYTES + 1000 + LOG_LINE_COST_BYTES);
  });
});
