// Bad input is refused with a status and a message that says what was wrong,
// and nothing of the refused request is stored.
import { describe, expect, it } from 'vitest';
import { guest, nodeAction, uniqueName } from './helpers';

const CODE = `function main() { return { ok: true }; }`;

async function expectAbsent(name: string) {
  const read = await guest.request('GET', `/namespaces/_/actions/${encodeURIComponent(name)}`);
  expect(read.status).toBe(404);
}

describe('action names', () => {
  it.each([
    ['a leading space', ' spaced'],
    ['a leading dash', '-dash'],
    ['a forbidden character', 'semi;colon'],
    ['a name over 256 characters', 'x'.repeat(257)],
  ])('with %s are refused with 400', async (_case, name) => {
    const put = await guest.putAction(encodeURIComponent(name), nodeAction(CODE));
    expect(put.status).toBe(400);
    expect(put.body.error).toMatch(/name/);
    expect(put.body.code).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts the characters OpenWhisk allows, inner spaces and @ included', async () => {
    const name = `${uniqueName('ok')}@v1.2 final`;
    const put = await guest.putAction(encodeURIComponent(name), nodeAction(CODE));
    expect(put.status).toBe(200);
    expect(put.body.name).toBe(name);
  });
});

describe('action bodies', () => {
  it('that are not JSON are refused with 400, nothing stored', async () => {
    const name = uniqueName('bad-json');
    const put = await guest.request('PUT', `/namespaces/_/actions/${name}`, {
      rawBody: '{"exec": {"kind": "nodejs:default", "code": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(400);
    expect(put.body.error).toMatch(/malformed/);
    await expectAbsent(name);
  });

  it('with an unknown kind are refused with 400 naming the kinds on offer', async () => {
    const name = uniqueName('bad-kind');
    const put = await guest.putAction(name, { exec: { kind: 'cobol:85', code: CODE } });
    expect(put.status).toBe(400);
    expect(put.body.error).toContain('cobol:85');
    expect(put.body.error).toContain('nodejs:18');
    await expectAbsent(name);
  });

  it('with limits out of bounds are refused with 400 naming the limit', async () => {
    const name = uniqueName('bad-limits');
    const put = await guest.putAction(name, nodeAction(CODE, { limits: { memory: 4096 } }));
    expect(put.status).toBe(400);
    expect(put.body.error).toMatch(/limits\.memory.*512/);
    await expectAbsent(name);
  });

  it('without code are refused with 400', async () => {
    const name = uniqueName('no-code');
    const put = await guest.putAction(name, { exec: { kind: 'nodejs:default' } });
    expect(put.status).toBe(400);
    await expectAbsent(name);
  });

  it('over 1 MB of parameters are refused with 413, nothing stored', async () => {
    const name = uniqueName('big-params');
    const put = await guest.putAction(name, nodeAction(CODE, { parameters: [{ key: 'blob', value: 'x'.repeat(1100 * 1024) }] }));
    expect(put.status).toBe(413);
    expect(put.body.error).toMatch(/parameters.*1 MB/);
    await expectAbsent(name);
  });

  it('over the 48 MB code limit are refused with 413', async () => {
    const name = uniqueName('huge');
    const put = await guest.request('PUT', `/namespaces/_/actions/${name}`, {
      rawBody: Buffer.alloc(51 * 1024 * 1024, 0x20),
      headers: { 'content-type': 'application/json' },
    });
    expect(put.status).toBe(413);
    await expectAbsent(name);
  });

  it('leave a stored action untouched when an update is refused', async () => {
    const name = uniqueName('keep');
    await guest.putAction(name, nodeAction(CODE));
    const refused = await guest.putAction(name, nodeAction('function main( {', { limits: { timeout: 5 } }), true);
    expect(refused.status).toBe(400);
    const read = await guest.request('GET', `/namespaces/_/actions/${name}`);
    expect(read.body.version).toBe('0.0.1');
    expect(read.body.exec.code).toBe(CODE);
  });
});

describe('updates', () => {
  it('need overwrite=true, and bump the version', async () => {
    const name = uniqueName('versions');
    expect((await guest.putAction(name, nodeAction(CODE))).body.version).toBe('0.0.1');
    const conflict = await guest.putAction(name, nodeAction(CODE));
    expect(conflict.status).toBe(409);
    const updated = await guest.putAction(name, nodeAction(`function main() { return { v: 2 }; }`), true);
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe('0.0.2');
    const run = await guest.invoke(name);
    expect(run.body.response.result).toEqual({ v: 2 });
    expect(run.body.version).toBe('0.0.2');
  });
});

describe('invocations', () => {
  it('with a body that is not JSON are refused with 400', async () => {
    const name = uniqueName('inv-json');
    await guest.putAction(name, nodeAction(CODE));
    const run = await guest.request('POST', `/namespaces/_/actions/${name}`, { rawBody: 'not json', query: { blocking: true } });
    expect(run.status).toBe(400);
  });

  it('with parameters over 1 MB are refused with 413', async () => {
    const name = uniqueName('inv-big');
    await guest.putAction(name, nodeAction(CODE));
    const run = await guest.invoke(name, { blob: 'x'.repeat(1100 * 1024) });
    expect(run.status).toBe(413);
  });

  it('of an action that does not exist answer 404', async () => {
    const run = await guest.invoke(uniqueName('missing'));
    expect(run.status).toBe(404);
    expect(run.body.error).toMatch(/does not exist/);
  });
});
