// The supervisor with real child processes: one killed is started again,
// one that keeps failing is given up on with its last words as the reason.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.ts';

const node = (script: string) => () => spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
let supervisor: Supervisor | undefined;

afterEach(async () => {
  await supervisor?.stop(1_000);
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the supervisor', () => {
  it('starts a killed child again after its back-off, and logs why it stopped', async () => {
    const lines: string[] = [];
    supervisor = new Supervisor({ log: (line) => lines.push(line), onGiveUp: () => undefined, firstDelayMs: 50 });
    supervisor.add({ name: 'sleeper', start: node('console.log("up"); setInterval(() => {}, 1000)') });
    await until(() => lines.includes('[sleeper] up'));
    const first = supervisor.pid('sleeper')!;
    process.kill(first, 'SIGKILL');
    await until(() => lines.filter((line) => line === '[sleeper] up').length === 2);
    expect(lines).toContain('[brisk] sleeper exited (killed by SIGKILL); starting it again in 0.05 s');
    expect(supervisor.pid('sleeper')).not.toBe(first);
  });

  it('gives up on a child that keeps failing, with its last lines as the reason', async () => {
    let reason: string | undefined;
    supervisor = new Supervisor({ log: () => undefined, onGiveUp: (why) => (reason = why), firstDelayMs: 10, maxExits: 3 });
    supervisor.add({ name: 'web', start: node('console.error("web: cannot listen on 127.0.0.1:3000: the port is in use"); process.exit(1)') });
    await until(() => reason !== undefined);
    expect(reason).toMatch(
      /^web exited 3 times within 60 s \(last: exit code 1\); its last lines: web: cannot listen on 127\.0\.0\.1:3000: the port is in use/,
    );
  });
});
