import { describe, expect, it } from 'vitest';
import { LOG_SENTINEL, LogCollector } from './log-collector.ts';

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
    logs.begin(10);
    logs.write('stdout', line('12345') + line('67890') + line('abcde') + line('more'));
    logs.write('stdout', line(LOG_SENTINEL));
    logs.write('stderr', line(LOG_SENTINEL));
    const result = await logs.finish(100);
    expect(result.truncated).toBe(true);
    expect(result.lines).toHaveLength(3);
    expect(result.lines[2]).toMatch(/Logs were truncated because the total bytes size exceeds the limit of 10 bytes/);
  });
});
