// Actions, sequences, activations and namespaces through the official
// `openwhisk` npm client: what works against OpenWhisk works against Brisk.
import AdmZip from 'adm-zip';
import openwhisk from 'openwhisk';
import { describe, expect, it } from 'vitest';
import { annotationValue, anonymous, brisk, guest, other, uniqueName } from './helpers';

// The client's typings are narrower than OpenWhisk's API (no `cause`,
// optional `response`); the tests assert the shapes themselves.
type Client = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ow: Client = openwhisk({ apihost: brisk.url, api_key: brisk.guestKey });
const otherOw: Client = openwhisk({ apihost: brisk.url, api_key: brisk.otherKey });

/** The HTTP status a client call failed with. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return (error as { statusCode: number }).statusCode;
  }
}

const ECHO = `function main(params) { return { ...params, seen: true }; }`;

describe('actions through the openwhisk client', () => {
  it('create, get, update, list, count and delete', async () => {
    const name = uniqueName('crud');
    const created = await ow.actions.create({ name, action: ECHO, kind: 'nodejs:default', params: { greeting: 'hi' }, limits: { timeout: 5000 } });
    expect(created).toMatchObject({ name, namespace: 'guest', version: '0.0.1', limits: { timeout: 5000, memory: 256 } });
    expect(created.parameters).toEqual([{ key: 'greeting', value: 'hi' }]);

    expect(await statusOf(ow.actions.create({ name, action: ECHO }))).toBe(409);

    const updated = await ow.actions.update({ name, action: `function main() { return { v: 2 }; }` });
    expect(updated.version).toBe('0.0.2');

    const read = await ow.actions.get({ name });
    expect(read.exec).toMatchObject({ kind: 'nodejs:22', code: `function main() { return { v: 2 }; }` });
    const withoutCode = await guest.request('GET', `/namespaces/_/actions/${name}`, { query: { code: false } });
    expect(withoutCode.body.exec.code).toBeUndefined();

    const listed = await ow.actions.list({ limit: 200 });
    const entry = listed.find((action: { name: string }) => action.name === name);
    expect(entry).toBeDefined();
    expect((entry as { exec: { code?: string } }).exec.code).toBeUndefined();
    const count = await guest.request('GET', '/namespaces/_/actions', { query: { count: true } });
    expect(count.body.actions).toBeGreaterThanOrEqual(1);

    expect((await ow.actions.delete({ name })).name).toBe(name);
    expect(await statusOf(ow.actions.get({ name }))).toBe(404);
    expect(await statusOf(ow.actions.delete({ name }))).toBe(404);
  });

  it('pages the action list with limit and skip, and refuses a limit over 200', async () => {
    const names = [uniqueName('page'), uniqueName('page'), uniqueName('page')];
    for (const name of names) await ow.actions.create({ name, action: ECHO });
    const first = await ow.actions.list({ limit: 2, skip: 0 });
    const second = await ow.actions.list({ limit: 2, skip: 2 });
    expect(first).toHaveLength(2);
    expect(second.length).toBeGreaterThanOrEqual(1);
    expect(first.map((a: { name: string }) => a.name)).not.toContain(second[0]!.name);
    expect((await guest.request('GET', '/namespaces/_/actions', { query: { limit: 201 } })).status).toBe(400);
  });

  it('invokes blocking with the result, blocking with the record, and non-blocking', async () => {
    const name = uniqueName('invoke');
    await ow.actions.create({ name, action: ECHO, params: { fromAction: 1 } });

    const result = await ow.actions.invoke({ name, params: { fromCall: 2 }, blocking: true, result: true });
    expect(result).toEqual({ fromAction: 1, fromCall: 2, seen: true });

    const record = await ow.actions.invoke({ name, params: { fromAction: 'overridden' }, blocking: true });
    expect(record.response.result).toEqual({ fromAction: 'overridden', seen: true });

    const accepted = await ow.actions.invoke({ name });
    expect(accepted.activationId).toMatch(/^[0-9a-f]{32}$/);
    const finished = await waitForActivation(accepted.activationId);
    expect(finished.response.result).toEqual({ fromAction: 1, seen: true });
  });

  it('answers 502 with the record when a blocking invocation fails', async () => {
    const name = uniqueName('fails');
    await ow.actions.create({ name, action: `function main() { throw new Error('nope'); }` });
    const error = await ow.actions.invoke({ name, blocking: true }).catch((failure: { statusCode: number; error: unknown }) => failure);
    expect(error.statusCode).toBe(502);
    expect((error.error as { response: { statusCode: number } }).response.statusCode).toBe(2);
  });

  it('answers 202 with the id when a blocking invocation outlasts the wait', async () => {
    const name = uniqueName('slow');
    await ow.actions.create({ name, action: `async function main() { await new Promise(r => setTimeout(r, 1500)); return { late: true }; }` });
    const response = await guest.request('POST', `/namespaces/_/actions/${name}`, { body: {}, query: { blocking: true, timeout: 200 } });
    expect(response.status).toBe(202);
    const pending = await guest.request('GET', `/namespaces/_/activations/${response.body.activationId}`);
    expect(pending.status).toBe(200);
    expect((await waitForActivation(response.body.activationId)).response.result).toEqual({ late: true });
  });
});

describe('binary (zip) actions', () => {
  it('run a nodejs zip with a dependency in node_modules', async () => {
    const zip = new AdmZip();
    zip.addFile('package.json', Buffer.from(JSON.stringify({ name: 'zipped', main: 'lib/index.js' })));
    zip.addFile('lib/index.js', Buffer.from(`const shout = require('shout'); exports.main = (p) => ({ said: shout(p.word) });`));
    zip.addFile('node_modules/shout/index.js', Buffer.from(`module.exports = (w) => String(w).toUpperCase() + '!';`));
    const name = uniqueName('zip-node');
    const put = await guest.putAction(name, { exec: { kind: 'nodejs:default', code: zip.toBuffer().toString('base64'), binary: true } });
    expect(put.status).toBe(200);
    expect(put.body.exec.binary).toBe(true);
    expect(await ow.actions.invoke({ name, params: { word: 'hey' }, blocking: true, result: true })).toEqual({ said: 'HEY!' });
  });

  it('run a python zip with __main__.py and a helper module', async () => {
    const zip = new AdmZip();
    zip.addFile('__main__.py', Buffer.from(`from helper import double\n\ndef main(args):\n    return {"double": double(args.get("n", 0))}\n`));
    zip.addFile('helper.py', Buffer.from(`def double(n):\n    return n * 2\n`));
    const name = uniqueName('zip-py');
    expect((await guest.putAction(name, { exec: { kind: 'python:default', code: zip.toBuffer().toString('base64'), binary: true } })).status).toBe(200);
    expect(await ow.actions.invoke({ name, params: { n: 21 }, blocking: true, result: true })).toEqual({ double: 42 });
  });

  // The client sends a Buffer as base64 without `binary`, as do the
  // Serverless provider and manifest deployers: the code says it is a zip.
  it('run a zip Buffer given to actions.create, which sends no binary flag', async () => {
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from(`exports.main = (p) => ({ zipped: p.word.length });`));
    const name = uniqueName('zip-buffer');
    const created = await ow.actions.create({ name, action: zip.toBuffer() });
    expect(created.exec.binary).toBe(true);
    expect(await ow.actions.invoke({ name, params: { word: 'four' }, blocking: true, result: true })).toEqual({ zipped: 4 });

    const python = new AdmZip();
    python.addFile('__main__.py', Buffer.from(`def main(args):\n    return {"python": True}\n`));
    const pyName = uniqueName('zip-flagless-py');
    const put = await guest.putAction(pyName, { exec: { kind: 'python:default', code: python.toBuffer().toString('base64'), binary: false } });
    expect(put.body.exec.binary).toBe(true);
    expect(await ow.actions.invoke({ name: pyName, blocking: true, result: true })).toEqual({ python: true });
  });

  it('keep source text that happens to be base64 as source', async () => {
    const name = uniqueName('base64-looking');
    // Valid base64 and valid JavaScript at once: a bare identifier.
    const put = await guest.putAction(name, { exec: { kind: 'nodejs:default', code: 'main' } });
    expect(put.body.exec.binary).toBe(false);
    expect(put.body.exec.code).toBe('main');
  });

  it('refuses binary code that is not a zip with 400', async () => {
    const put = await guest.putAction(uniqueName('not-zip'), {
      exec: { kind: 'nodejs:default', code: Buffer.from('plain text').toString('base64'), binary: true },
    });
    expect(put.status).toBe(400);
    expect(put.body.error).toMatch(/zip/);
  });
});

describe('blackbox actions', () => {
  it('run in the image they name, when the worker has it', async () => {
    const name = uniqueName('blackbox');
    const put = await guest.putAction(name, {
      exec: { kind: 'blackbox', image: 'brisk-runtime-python:latest', code: `def main(args):\n    return {"box": "black"}\n` },
    });
    expect(put.status).toBe(200);
    expect(await ow.actions.invoke({ name, blocking: true, result: true })).toEqual({ box: 'black' });
  });

  it('end as an internal error naming the image when the worker lacks it', async () => {
    const name = uniqueName('no-image');
    await guest.putAction(name, { exec: { kind: 'blackbox', image: 'brisk-no-such-image:1', code: 'x' } });
    const run = await guest.invoke(name);
    expect(run.status).toBe(500);
    expect(run.body.response.statusCode).toBe(3);
    expect(run.body.response.result.error).toContain('brisk-no-such-image:1');
  });
});

describe('sequences', () => {
  it('pipe each component into the next, each a full activation caused by the sequence', async () => {
    const [double, increment, seq] = [uniqueName('double'), uniqueName('inc'), uniqueName('seq')];
    await ow.actions.create({ name: double, action: `function main(p) { console.log('doubling'); return { n: p.n * 2 }; }` });
    await ow.actions.create({ name: increment, action: `def main(args):\n    return {"n": args["n"] + 1}\n`, kind: 'python:default' });
    const created = await guest.putAction(seq, { exec: { kind: 'sequence', components: [`/guest/${double}`, `/_/${increment}`, double] } });
    expect(created.status).toBe(200);
    expect(created.body.exec.components).toEqual([`/guest/${double}`, `/guest/${increment}`, `/guest/${double}`]);

    const record = await ow.actions.invoke({ name: seq, params: { n: 5 }, blocking: true });
    expect(record.response.result).toEqual({ n: 22 });
    expect(annotationValue(record, 'kind')).toBe('sequence');
    expect(annotationValue(record, 'topmost')).toBe(true);
    expect(record.logs).toHaveLength(3);

    for (const id of record.logs) {
      const component = await ow.activations.get({ name: id });
      expect(component.cause).toBe(record.activationId);
      expect(annotationValue(component, 'causedBy')).toBe('sequence');
    }
    const first = await ow.activations.get({ name: record.logs[0]! });
    expect(first.logs.join('\n')).toContain('doubling');
  });

  it('stop at the first failing component and answer its error', async () => {
    const [ok, boom, never, seq] = [uniqueName('ok'), uniqueName('boom'), uniqueName('never'), uniqueName('seq-fail')];
    await ow.actions.create({ name: ok, action: ECHO });
    await ow.actions.create({ name: boom, action: `function main() { return { error: 'stopped here' }; }` });
    await ow.actions.create({ name: never, action: `function main() { return { reached: true }; }` });
    await guest.putAction(seq, { exec: { kind: 'sequence', components: [ok, boom, never] } });
    const run = await guest.invoke(seq);
    expect(run.status).toBe(502);
    expect(run.body.response).toMatchObject({ statusCode: 1, result: { error: 'stopped here' } });
    expect(run.body.logs).toHaveLength(2);
  });

  it('refuse components that do not exist, with 400', async () => {
    const put = await guest.putAction(uniqueName('seq-bad'), { exec: { kind: 'sequence', components: [`/guest/${uniqueName('ghost')}`] } });
    expect(put.status).toBe(400);
    expect(put.body.error).toMatch(/does not exist/);
  });
});

describe('activations through the openwhisk client', () => {
  it('list with name, since and upto filters, paging, docs and count', async () => {
    const name = uniqueName('listed');
    await ow.actions.create({ name, action: `function main(p) { console.log('run', p.i); return { i: p.i }; }` });
    const before = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await ow.actions.invoke({ name, params: { i }, blocking: true })).activationId);

    // Lists read Postgres, which gets a record just after the blocking caller has its answer.
    const listed = async () => (await ow.activations.list({ name, limit: 10 })).map((a: { activationId: string }) => a.activationId);
    await expect.poll(listed, { timeout: 5_000 }).toEqual([...ids].reverse());
    const all = await ow.activations.list({ name, limit: 10 });
    expect((all[0] as { response?: unknown }).response).toBeUndefined();

    const docs = await ow.activations.list({ name, limit: 10, docs: true });
    expect(docs[0]!.response.result).toEqual({ i: 2 });

    const page = await ow.activations.list({ name, limit: 1, skip: 1 });
    expect(page.map((a: { activationId: string }) => a.activationId)).toEqual([ids[1]]);

    const since = await ow.activations.list({ name, since: before, upto: Date.now() });
    expect(since).toHaveLength(3);
    expect(await ow.activations.list({ name, upto: before - 1 })).toHaveLength(0);

    const count = await guest.request('GET', '/namespaces/_/activations', { query: { name, count: true } });
    expect(count.body).toEqual({ activations: 3 });

    expect((await ow.activations.logs({ name: ids[0]! })).logs[0]).toMatch(/stdout: run 0$/);
    expect(await ow.activations.result({ name: ids[2]! })).toMatchObject({ status: 'success', success: true, result: { i: 2 } });
  });

  it('are invisible to another namespace', async () => {
    const name = uniqueName('mine');
    await ow.actions.create({ name, action: ECHO });
    const { activationId } = await ow.actions.invoke({ name, blocking: true });
    expect((await otherOw.activations.list({ limit: 200 })).map((a: { activationId: string }) => a.activationId)).not.toContain(activationId);
    expect(await statusOf(otherOw.activations.get({ name: activationId }))).toBe(404);
    expect(await statusOf(otherOw.activations.logs({ name: activationId }))).toBe(404);
    expect(await statusOf(otherOw.actions.list({ namespace: 'guest' }))).toBe(403);
  });

  it('refuse an id that is not one with 400', async () => {
    expect(await statusOf(ow.activations.get({ name: 'not-an-id' }))).toBe(400);
  });
});

describe('namespaces, limits and platform information', () => {
  it("list the key's own namespace and its limits", async () => {
    expect(await ow.namespaces.list()).toEqual(['guest']);
    const limits = await guest.request('GET', '/namespaces/_/limits');
    expect(limits.status).toBe(200);
    expect(limits.body).toMatchObject({
      invocationsPerMinute: expect.any(Number),
      concurrentInvocations: expect.any(Number),
      firesPerMinute: expect.any(Number),
    });
    expect((await other.request('GET', '/namespaces/guest/limits')).status).toBe(403);
  });

  it('describe the platform at /api/v1 and the API at /api/v1/api-docs, without a key', async () => {
    const info = await anonymous.request('GET', '');
    expect(info.status).toBe(200);
    expect(info.body.api_paths).toEqual(['/api/v1']);
    // Every kind with its image; `default` marks what `nodejs:default` and `python:default` resolve to.
    const kind = (name: string, image: string, isDefault = false, requireMain = false) => ({
      kind: name,
      image,
      default: isDefault,
      deprecated: false,
      attached: false,
      requireMain,
    });
    expect(info.body.runtimes.nodejs).toEqual([
      kind('nodejs:18', 'brisk-runtime-nodejs:latest'),
      kind('nodejs:20', 'brisk-runtime-nodejs-20:latest'),
      kind('nodejs:22', 'brisk-runtime-nodejs-22:latest', true),
    ]);
    expect(info.body.runtimes.python).toEqual([
      kind('python:3', 'brisk-runtime-python:latest'),
      kind('python:3.11', 'brisk-runtime-python:latest'),
      kind('python:3.13', 'brisk-runtime-python-3.13:latest', true),
    ]);
    expect(info.body.runtimes.ruby).toEqual([kind('ruby:3.3', 'brisk-runtime-ruby-3.3:latest', true)]);
    expect(info.body.runtimes.php).toEqual([kind('php:8.4', 'brisk-runtime-php-8.4:latest', true)]);
    expect(info.body.runtimes.java).toEqual([kind('java:21', 'brisk-runtime-java-21:latest', true, true)]);
    expect(info.body.buildno).toMatch(/^[0-9a-f]{7,}$/);
    expect(Number.isNaN(Date.parse(info.body.build))).toBe(false);
    const docs = await anonymous.request('GET', '/api-docs');
    expect(docs.body.openapi).toBe('3.1.0');
    expect(docs.body.paths['/api/v1/namespaces/{namespace}/actions/{action}'].post.responses).toHaveProperty('202');
  });

  // The manifest deployer and the debugger read the platform document at the
  // host's root; a browser there gets the console.
  it('answer GET / with the platform document for API clients, and the console for browsers', async () => {
    for (const accept of ['application/json', '*/*']) {
      const root = await fetch(`${brisk.url}/`, { headers: { accept }, redirect: 'manual' });
      expect(root.status).toBe(200);
      expect(root.headers.get('content-type')).toMatch(/application\/json/);
      const document = await root.json();
      expect(document.api_paths).toEqual(['/api/v1']);
      expect(document.runtimes.python.map((runtime: { image: string }) => runtime.image)).toContain('brisk-runtime-python:latest');
    }
    const page = await fetch(`${brisk.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/application\/json/);
  });

  it("answer unknown API paths with OpenWhisk's JSON error", async () => {
    for (const path of ['/api/v1/no-such-thing', '/api/v1/namespaces/_/no-such-collection/x']) {
      const answer = await fetch(`${brisk.url}${path}`, { headers: { accept: 'text/html' } });
      expect(answer.status).toBe(404);
      expect(await answer.json()).toMatchObject({ error: 'The requested resource does not exist.' });
    }
  });
});

async function waitForActivation(activationId: string) {
  for (let attempt = 0; attempt < 150; attempt++) {
    const record = await ow.activations.get({ name: activationId });
    if (record.response.status !== 'pending') return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`activation ${activationId} did not finish`);
}
