// The Python proxy's launcher mode (runtimes/README.md, "Launcher mode"),
// through the real worker: a test image (runtimes/tests/launcher/) sets
// BRISK_LAUNCHER to a tiny launcher that runs main.py in a process of its
// own, and BRISK_PREPARE to a shell step. Run as blackbox actions of that image.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotationValue, guest, uniqueName } from './helpers';

const IMAGE = 'brisk-test-launcher:latest';
const RUNTIMES = path.resolve(import.meta.dirname, '../../../runtimes');

beforeAll(async () => {
  // This checkout's proxy, not the one in whichever runtime image another checkout built last.
  await promisify(execFile)('docker', ['build', '-q', '-f', path.join(RUNTIMES, 'tests/launcher/Dockerfile'), '-t', IMAGE, RUNTIMES]);
}, 120_000);

const action = (code: string, binary = false) => ({ exec: { kind: 'blackbox', image: IMAGE, code, ...(binary ? { binary } : {}) } });

async function invokeSource(code: string, params?: Record<string, unknown>) {
  const name = uniqueName('launcher');
  expect((await guest.putAction(name, action(code))).status).toBe(200);
  return { name, run: await guest.invoke(name, params) };
}

const HELLO = `import os, sys

def main(args):
    print("to stdout", args.get("name", "world"))
    print("to stderr", file=sys.stderr)
    with open("prepared.txt") as f:
        prepared = f.read().strip()
    return {"id": os.environ["__OW_ACTIVATION_ID"], "prepared": prepared, "cwd": os.getcwd(), "ack": os.environ["__OW_WAIT_FOR_ACK"]}
`;

describe('a launcher-mode action', () => {
  it('runs in the launcher after the prepare step, with its logs and __OW_ variables per run, cold then warm', async () => {
    const { name, run: cold } = await invokeSource(HELLO);
    expect(cold.status).toBe(200);
    expect(cold.body.response).toMatchObject({ statusCode: 0, success: true });
    expect(cold.body.response.result).toMatchObject({ id: cold.body.activationId, prepared: 'prepared for main', ack: '1' });
    expect(cold.body.response.result.cwd).toMatch(/^\/tmp\/action-/);
    expect(cold.body.logs).toHaveLength(2);
    expect(cold.body.logs.join('\n')).toMatch(/stdout: to stdout world/);
    expect(cold.body.logs.join('\n')).toMatch(/stderr: to stderr/);
    expect(annotationValue(cold.body, 'initTime')).toEqual(expect.any(Number));

    const warm = await guest.invoke(name, { name: 'Brisk' });
    expect(warm.status).toBe(200);
    expect(annotationValue(warm.body, 'initTime')).toBeUndefined();
    expect(warm.body.response.result.id).toBe(warm.body.activationId);
    expect(warm.body.response.result.id).not.toBe(cold.body.activationId);
    expect(warm.body.logs).toHaveLength(2);
    expect(warm.body.logs.join('\n')).toMatch(/stdout: to stdout Brisk$/m);
  });

  it('that raises ends as an action developer error with what the launcher reported', async () => {
    const { run } = await invokeSource(`def main(args):\n    raise ValueError("boom in main")\n`);
    expect(run.status).toBe(502);
    expect(run.body.response).toMatchObject({ statusCode: 2, result: { error: 'ValueError: boom in main' } });
    expect(run.body.logs.join('\n')).toContain('Traceback');
  });

  it('that returns a non-object ends as an action developer error', async () => {
    const { run } = await invokeSource(`def main(args):\n    return [1, 2]\n`);
    expect(run.status).toBe(502);
    expect(run.body.response.result.error).toBe('The action did not return a dictionary.');
  });

  it('whose launcher writes something that is not JSON on fd 3 gets a clear error', async () => {
    const { run } = await invokeSource(`import os\n\ndef main(args):\n    os.write(3, b"not json\\n")\n    return {}\n`);
    expect(run.status).toBe(502);
    expect(run.body.response.result.error).toBe("The action's launcher wrote something that is not JSON on fd 3.");
  });

  it('whose process exits during a run ends that container, and the next run gets a new one', async () => {
    const code = `import os, sys\n\ndef main(args):\n    if args.get("die"):\n        print("dying", flush=True)\n        os._exit(7)\n    return {"alive": True}\n`;
    const { name, run } = await invokeSource(code, { die: true });
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action did not produce a valid response and exited unexpectedly.');
    expect(run.body.logs.join('\n')).toContain('dying');
    const next = await guest.invoke(name);
    expect(next.status).toBe(200);
    expect(next.body.response.result).toEqual({ alive: true });
    expect(annotationValue(next.body, 'initTime')).toEqual(expect.any(Number));
  });

  it('that fails to load fails at init with the launcher’s message', async () => {
    const { run } = await invokeSource(`def main(args)\n    return {}\n`);
    expect(run.status).toBe(502);
    expect(String(run.body.response.result.error)).toMatch(/^Initialization has failed due to: SyntaxError/);
  });

  it('whose launcher exits before its acknowledgement fails at init with the exit code', async () => {
    const { run } = await invokeSource(`import os\nos._exit(4)\n`);
    expect(run.status).toBe(502);
    expect(run.body.response.result.error).toBe('Initialization has failed due to: the launcher exited (code 4) before it loaded the action.');
  });

  it('whose prepare step fails fails at init with the step’s output, also in the logs', async () => {
    const { run } = await invokeSource(`# FAIL THE PREPARE STEP\ndef main(args):\n    return {}\n`);
    expect(run.status).toBe(502);
    expect(run.body.response.result.error).toBe('Initialization has failed due to: main.py:1: the prepare step was told to fail');
    expect(run.body.logs.join('\n')).toContain('main.py:1: the prepare step was told to fail');
  });

  it('from a zip with an executable exec runs it with bare results (OpenWhisk’s prebuilt-binary convention)', async () => {
    // A shell script speaking the actionloop protocol: ack, then each run's line echoed back inside the result.
    const exec = `#!/bin/sh\necho '{"ok": true}' >&3\nwhile read -r line; do\n  echo "bare run"\n  printf '{"got": %s}\\n' "$line" >&3\ndone\n`;
    const zip = new AdmZip();
    zip.addFile('exec', Buffer.from(exec), '', 0o755 << 16);
    const name = uniqueName('bare-exec');
    expect((await guest.putAction(name, action(zip.toBuffer().toString('base64'), true))).status).toBe(200);
    const run = await guest.invoke(name, { n: 1 });
    expect(run.status).toBe(200);
    expect(run.body.response.result.got).toMatchObject({ value: { n: 1 }, activation_id: run.body.activationId, action_name: `/guest/${name}` });
    expect(run.body.logs).toHaveLength(1);
    expect(run.body.logs[0]).toMatch(/stdout: bare run$/);
  });
});
