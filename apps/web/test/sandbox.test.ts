// Hostile code stays in its box: what an action can see and do from inside
// its container, asked from inside a real one (DESIGN.md "Containers").
import { describe, expect, it } from 'vitest';
import { guest, nodeAction, pythonAction, uniqueName } from './helpers';

// Reports the process's identity and privileges, its network and what it may write.
const INSPECT_NODE = `
const fs = require('fs');
const os = require('os');
function main() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const field = (key) => (status.match(new RegExp('^' + key + ':\\\\s*(\\\\S+)', 'm')) || [])[1];
  const attempt = (write) => { try { write(); return 'written'; } catch (error) { return error.code; } };
  return {
    uid: process.getuid(),
    gid: process.getgid(),
    capEff: field('CapEff'),
    noNewPrivs: field('NoNewPrivs'),
    interfaces: Object.keys(os.networkInterfaces()),
    writeRoot: attempt(() => fs.writeFileSync('/opt/brisk/planted.js', 'x')),
    writeEtc: attempt(() => fs.writeFileSync('/etc/passwd', 'x')),
    writeTmp: attempt(() => fs.writeFileSync('/tmp/scratch', 'x')),
  };
}`;

const INSPECT_PYTHON = `
import os, socket
def main(args):
    def attempt(path):
        try:
            with open(path, "w") as f:
                f.write("x")
            return "written"
        except OSError as error:
            return error.strerror
    return {"uid": os.getuid(), "interfaces": sorted(name for _, name in socket.if_nameindex()), "writeRoot": attempt("/usr/planted"), "writeTmp": attempt("/tmp/scratch")}
`;

// Tries to start 150 processes that would outlive the activation; kills the ones it got.
const FORK_MANY = `
const cp = require('child_process');
function main() {
  const children = [];
  let refused = 0;
  for (let i = 0; i < 150; i++) {
    try {
      const child = cp.spawn('sleep', ['30']);
      child.on('error', () => {});
      if (child.pid === undefined) refused++;
      else children.push(child);
    } catch (error) {
      refused++;
    }
  }
  for (const child of children) child.kill('SIGKILL');
  return { started: children.length, refused };
}`;

describe('an action container', () => {
  it('runs a Node.js action unprivileged, without capabilities or a network, on a read-only root with a writable /tmp', async () => {
    const name = uniqueName('inspect-node');
    expect((await guest.putAction(name, nodeAction(INSPECT_NODE))).status).toBe(200);
    const run = await guest.invoke(name);
    expect(run.status).toBe(200);
    const { uid, gid } = run.body.response.result as { uid: number; gid: number };
    // A uid of its own from the worker's reserved range (200,000,000 and up by default), far from any host user's.
    expect(uid).toBeGreaterThanOrEqual(200_000_000);
    expect(gid).toBe(uid);
    expect(run.body.response.result).toEqual({
      uid,
      gid,
      capEff: '0000000000000000',
      noNewPrivs: '1',
      interfaces: ['lo'],
      writeRoot: 'EROFS',
      writeEtc: 'EROFS',
      writeTmp: 'written',
    });
  });

  it('runs a Python action the same way', async () => {
    const name = uniqueName('inspect-python');
    expect((await guest.putAction(name, pythonAction(INSPECT_PYTHON))).status).toBe(200);
    const run = await guest.invoke(name);
    expect(run.status).toBe(200);
    expect((run.body.response.result as { uid: number }).uid).toBeGreaterThanOrEqual(200_000_000);
    expect(run.body.response.result).toEqual({
      uid: (run.body.response.result as { uid: number }).uid,
      interfaces: ['lo'],
      writeRoot: 'Read-only file system',
      writeTmp: 'written',
    });
  });

  it('caps the processes an action can start, and the worker keeps serving', async () => {
    const name = uniqueName('fork-many');
    expect((await guest.putAction(name, nodeAction(FORK_MANY))).status).toBe(200);
    const run = await guest.invoke(name);
    expect(run.status).toBe(200);
    const { started, refused } = run.body.response.result;
    // The container's PID limit (64, the runtime's own threads included) stops it well short of 150.
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(64);
    expect(refused).toBe(150 - started);

    const after = uniqueName('after-fork');
    await guest.putAction(after, nodeAction('function main() { return { ok: true }; }'));
    expect((await guest.invoke(after)).body.response.result).toEqual({ ok: true });
  });
});
