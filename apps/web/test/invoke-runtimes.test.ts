// Actions running in real containers: results, logs, warm reuse and every
// way a run can fail, as the activation record reports them.
import { describe, expect, it } from 'vitest';
import { annotationValue, guest, nodeAction, pythonAction, uniqueName } from './helpers';

const NODE_HELLO = `function main(params) {
  console.log('Hello World');
  return { hello: params.name ?? 'world' };
}`;
const PYTHON_HELLO = `def main(args):
    print("Hello World")
    return {"hello": args.get("name", "world")}
`;

describe.each([
  ['nodejs', nodeAction(NODE_HELLO)],
  ['python', pythonAction(PYTHON_HELLO)],
])('a %s action', (kind, action) => {
  const name = uniqueName(`hello-${kind}`);

  it('returns its result with its output in the logs, cold and then warm', async () => {
    expect((await guest.putAction(name, action)).status).toBe(200);

    const cold = await guest.invoke(name);
    expect(cold.status).toBe(200);
    expect(cold.headers.get('x-openwhisk-activation-id')).toBe(cold.body.activationId);
    expect(cold.body.response).toEqual({ status: 'success', statusCode: 0, success: true, result: { hello: 'world' } });
    expect(cold.body.logs).toHaveLength(1);
    expect(cold.body.logs[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout: Hello World$/);
    expect(annotationValue(cold.body, 'initTime')).toEqual(expect.any(Number));
    expect(annotationValue(cold.body, 'kind')).toBe(kind === 'nodejs' ? 'nodejs:22' : 'python:3.13');
    expect(annotationValue(cold.body, 'path')).toBe(`guest/${name}`);

    const warm = await guest.invoke(name, { name: 'Brisk' });
    expect(warm.status).toBe(200);
    expect(warm.body.response.result).toEqual({ hello: 'Brisk' });
    expect(annotationValue(warm.body, 'initTime')).toBeUndefined();
    expect(warm.body.logs).toHaveLength(1);
  });

  it('can be read back as an activation record', async () => {
    const run = await guest.invoke(name, {}, { blocking: false });
    expect(run.status).toBe(202);
    const id = run.body.activationId as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    let record = await guest.request('GET', `/namespaces/_/activations/${id}`);
    for (let i = 0; i < 100 && record.body.response?.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      record = await guest.request('GET', `/namespaces/_/activations/${id}`);
    }
    expect(record.status).toBe(200);
    expect(record.body.activationId).toBe(id);
    expect(record.body.response.result).toEqual({ hello: 'world' });
  });
});

describe('a failing action', () => {
  it('that throws ends as an action developer error carrying the message', async () => {
    const name = uniqueName('throws');
    await guest.putAction(name, nodeAction(`function main() { throw new Error('boom at line 1'); }`));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.status).toBe('action developer error');
    expect(JSON.stringify(run.body.response.result.error)).toContain('boom at line 1');
  });

  it('in python that raises ends as an action developer error', async () => {
    const name = uniqueName('py-raises');
    await guest.putAction(name, pythonAction(`def main(args):\n    raise ValueError("bad input here")\n`));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(JSON.stringify(run.body.response.result.error)).toContain('bad input here');
    // The traceback in the logs is the user's: their frame, none of the proxy's.
    const logs = run.body.logs.join('\n');
    expect(logs).toContain('ValueError: bad input here');
    expect(logs).toMatch(/line 2, in main/);
    expect(logs).not.toContain('/opt/brisk/');
  });

  it('that returns an error object is an application error', async () => {
    const name = uniqueName('app-error');
    await guest.putAction(name, nodeAction(`function main() { return { error: 'no such user' }; }`));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response).toMatchObject({ statusCode: 1, status: 'application error', success: false, result: { error: 'no such user' } });
  });

  it.each([
    ['nodejs', nodeAction(`function main() { return 42; }`)],
    ['python', pythonAction(`def main(args):\n    return [1, 2]\n`)],
  ])('in %s that returns a non-object ends as an action developer error', async (_kind, action) => {
    const name = uniqueName('non-object');
    await guest.putAction(name, action);
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toMatch(/dictionary/);
  });

  it.each([
    ['just over 1 MB', 1024 * 1024 + 10],
    ['of 64 MB', 64 * 1024 * 1024],
  ])('that returns a result %s ends as an action developer error, and the next run works', async (_size, bytes) => {
    const name = uniqueName('huge-result');
    await guest.putAction(
      name,
      nodeAction(`function main(p) { return p.small ? { ok: true } : { blob: 'x'.repeat(${bytes}) }; }`, { limits: { memory: 512 } }),
    );
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toMatch(/exceeded the allowed length: \d+ > 1048576 bytes/);
    expect((await guest.invoke(name, { small: true })).body.response.result).toEqual({ ok: true });
  });

  // Built as text: the runtime's own JSON.stringify would refuse a value this deep.
  // nodejs:18, whose proxy can still serialise it (Node.js 22's stack is spent
  // sooner, and its proxy reports a result that is not JSON-serialisable).
  it('that returns a result nested 5,000 deep ends as an action developer error, is recorded, and frees its slot', async () => {
    const name = uniqueName('deep-result');
    const deep = `'{"a":'.repeat(5000) + '1' + '}'.repeat(5000)`;
    await guest.putAction(name, { exec: { kind: 'nodejs:18', code: `function main(p) { return p.small ? { ok: true } : JSON.parse(${deep}); }` } });
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response).toMatchObject({
      statusCode: 2,
      result: { error: "The action's result is nested more than 200 levels deep; it cannot be stored." },
    });
    const stored = await guest.request('GET', `/namespaces/_/activations/${run.body.activationId}`);
    expect(stored.body.response.statusCode).toBe(2);
    expect((await guest.invoke(name, { small: true })).body.response.result).toEqual({ ok: true });
  });

  it('with a syntax error fails at init with a clear message', async () => {
    const name = uniqueName('syntax');
    await guest.putAction(name, nodeAction(`function main( { return {}; }`));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(String(run.body.response.result.error)).toMatch(/Initialization has failed.*SyntaxError/i);
  });

  it('that sleeps past its timeout is killed and the record says so', async () => {
    const name = uniqueName('sleeper');
    await guest.putAction(
      name,
      nodeAction(`async function main() { console.log('going to sleep'); await new Promise(r => setTimeout(r, 5000)); return { woke: true }; }`, {
        limits: { timeout: 1000 },
      }),
    );
    const started = Date.now();
    const run = await guest.invoke(name);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action exceeded its time limit of 1000 milliseconds.');
    expect(annotationValue(run.body, 'timeout')).toBe(true);
    expect(run.body.logs.join('\n')).toContain('going to sleep');

    // The killed container is not reused: the next run starts cold and times out the same way.
    const again = await guest.invoke(name);
    expect(annotationValue(again.body, 'initTime')).toEqual(expect.any(Number));
  });

  it('that allocates past its memory limit ends with a clear error, and the worker keeps serving', async () => {
    const name = uniqueName('hog');
    await guest.putAction(
      name,
      nodeAction(`function main() { const hoard = []; for (;;) hoard.push(Buffer.alloc(8 * 1024 * 1024, 1)); }`, {
        limits: { memory: 128, timeout: 20000 },
      }),
    );
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action exhausted its memory and was aborted.');

    const healthy = uniqueName('after-hog');
    await guest.putAction(healthy, nodeAction(`function main() { return { ok: true }; }`));
    const next = await guest.invoke(healthy);
    expect(next.status).toBe(200);
    expect(next.body.response.result).toEqual({ ok: true });
  });
});
