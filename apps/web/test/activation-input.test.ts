// An activation's input and re-running it, through the real API and worker:
// the merged parameters it ran with are kept (environment variables never
// among them), shown by the console's tRPC and by REST only when asked
// (`?input=true`, OpenWhisk's record has no such field), bounded with the
// names of what was left out, and a re-run invokes the action again with
// them, on the newest version or a chosen older one.
import { consoleSession } from '@brisk/testing/console-session';
import { beforeAll, describe, expect, it } from 'vitest';
import { brisk, guest, uniqueName, waitFor } from './helpers';

let cookie: string;
beforeAll(async () => {
  cookie = await consoleSession(brisk.url, brisk.guestKey);
});

async function trpc(procedure: string, input: unknown, method: 'GET' | 'POST' = 'GET') {
  const url = `${brisk.url}/api/trpc/${procedure}${method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`;
  const response = await fetch(url, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
  });
  const body = (await response.json()) as { result?: { data: any }; error?: { message: string } };
  return { status: response.status, data: body.result?.data, error: body.error };
}

const ECHO = (version: number) => `function main(params) { return { version: ${version}, params }; }`;

async function finished(activationId: string) {
  return waitFor(async () => {
    const read = await guest.request('GET', `/namespaces/_/activations/${activationId}`, { query: { input: true } });
    return read.status === 200 && read.body.response.status !== 'pending' && read.body.input ? read.body : undefined;
  });
}

describe('activation input', () => {
  it('keeps the merged parameters, not the environment, and REST shows them only when asked', async () => {
    const pkg = uniqueName('inpkg');
    expect((await guest.request('PUT', `/namespaces/_/packages/${pkg}`, { body: { parameters: [{ key: 'fromPackage', value: 'p' }] } })).status).toBe(200);
    const name = `${pkg}/echo`;
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code: ECHO(1) }, parameters: [{ key: 'fromAction', value: 'a' }] })).status).toBe(
      200,
    );
    expect((await guest.request('PUT', `/namespaces/_/env/actions/${name}`, { body: { HIDDEN: 'not-a-parameter' } })).status).toBe(200);
    const run = await guest.invoke(name, { fromCall: 'c', fromAction: 'overridden' });
    expect(run.status).toBe(200);

    const plain = await guest.request('GET', `/namespaces/_/activations/${run.body.activationId}`);
    expect(plain.body).not.toHaveProperty('input');
    const record = await finished(run.body.activationId);
    const expected = { fromPackage: 'p', fromAction: 'overridden', fromCall: 'c' };
    expect(record.input).toEqual({ params: expected, truncated: [], bytes: JSON.stringify(expected).length });
    const viaConsole = await trpc('activations.input', { activationId: run.body.activationId });
    expect(viaConsole.data.params).toEqual(expected);
    expect(JSON.stringify(viaConsole.data)).not.toContain('not-a-parameter');
  });

  it('leaves out, and names, the parameters past its bound; such an input cannot be re-run', async () => {
    const name = uniqueName('inbig');
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code: 'function main() { return {}; }' } })).status).toBe(200);
    const run = await guest.invoke(name, { small: 1, big: 'x'.repeat(40 * 1024), after: true });
    expect(run.status).toBe(200);
    const record = await finished(run.body.activationId);
    expect(record.input.params).toEqual({ small: 1, after: true });
    expect(record.input.truncated).toEqual(['big']);
    expect(record.input.bytes).toBeGreaterThan(40 * 1024);
    const refused = await trpc('activations.rerun', { activationId: run.body.activationId }, 'POST');
    expect(refused.status).toBe(400);
    expect(refused.error?.message).toContain('too large to keep whole (big left out)');
  });
});

describe('re-running an activation', () => {
  it('runs the action again with the input, on the current version or a chosen one', async () => {
    const name = uniqueName('rerun');
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code: ECHO(1) } })).status).toBe(200);
    const first = await guest.invoke(name, { n: 7 });
    expect(first.body.response.result).toEqual({ version: 1, params: { n: 7 } });
    await finished(first.body.activationId);
    expect((await guest.putAction(name, { exec: { kind: 'nodejs:default', code: ECHO(2) } }, true)).body.version).toBe('0.0.2');

    const current = await trpc('activations.rerun', { activationId: first.body.activationId }, 'POST');
    expect(current.status).toBe(200);
    expect(current.data.activationId).not.toBe(first.body.activationId);
    const onCurrent = await finished(current.data.activationId);
    expect(onCurrent.version).toBe('0.0.2');
    expect(onCurrent.response.result).toEqual({ version: 2, params: { n: 7 } });
    expect(onCurrent.input.params).toEqual({ n: 7 });

    const pinned = await trpc('activations.rerun', { activationId: first.body.activationId, version: '0.0.1' }, 'POST');
    const onOld = await finished(pinned.data.activationId);
    expect(onOld.version).toBe('0.0.1');
    expect(onOld.response.result).toEqual({ version: 1, params: { n: 7 } });

    const missing = await trpc('activations.rerun', { activationId: first.body.activationId, version: '0.0.9' }, 'POST');
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toContain('has no version 0.0.9');
  });
});
