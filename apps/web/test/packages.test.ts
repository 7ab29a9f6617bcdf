// Packages and bindings through the official `openwhisk` client: CRUD,
// listing, deleting non-empty packages, and parameter precedence through a
// binding (package < binding < action < invocation).
import { describe, expect, it } from 'vitest';
import { guest, uniqueName } from './helpers';
import { ECHO, guestWsk as wsk, keyValues, refused } from './openwhisk-clients';

const kv = (object: Record<string, unknown>) => Object.entries(object).map(([key, value]) => ({ key, value }));

describe('packages', () => {
  it('are created, read with their actions, updated with overwrite and listed', async () => {
    const name = uniqueName('pkg');
    const created: any = await wsk.packages.create({ name, package: { parameters: kv({ region: 'eu' }), annotations: kv({ owner: 'team-a' }) } });
    expect(created).toMatchObject({ namespace: 'guest', name, version: '0.0.1', publish: false, binding: {} });
    expect(keyValues(created.parameters)).toEqual({ region: 'eu' });

    // Creating it again without overwrite is a conflict.
    expect((await refused(wsk.packages.create({ name, package: {} }))).statusCode).toBe(409);

    await wsk.actions.create({ name: `${name}/echo`, action: ECHO });
    const read: any = await wsk.packages.get({ name });
    expect(read).toMatchObject({ namespace: 'guest', name, binding: {} });
    expect(read.actions).toEqual([expect.objectContaining({ name: 'echo', version: '0.0.1' })]);
    expect(read.feeds).toEqual([]);

    // An update keeps what it leaves out and bumps the patch version.
    const updated: any = await wsk.packages.update({ name, package: { publish: true } });
    expect(updated).toMatchObject({ version: '0.0.2', publish: true });
    expect(keyValues(updated.parameters)).toEqual({ region: 'eu' });
    expect(keyValues(updated.annotations)).toEqual({ owner: 'team-a' });

    const listed: any[] = await wsk.packages.list({ limit: 200 });
    expect(listed.map((entry) => entry.name)).toContain(name);
    // A list says `binding: false` where a read says `{}`, as OpenWhisk does.
    expect(listed.find((entry) => entry.name === name)).toMatchObject({ namespace: 'guest', publish: true, binding: false });
  });

  it('hold actions that are created, updated only with overwrite, read without code, invoked and deleted', async () => {
    const name = uniqueName('home');
    await wsk.packages.create({ name, package: {} });
    const action = `${name}/greet`;
    expect(await wsk.actions.create({ name: action, action: ECHO })).toMatchObject({ name: 'greet', namespace: `guest/${name}`, version: '0.0.1' });

    // Without overwrite a second PUT is a conflict and changes nothing.
    const again = await guest.request('PUT', `/namespaces/_/actions/${action}`, {
      body: { exec: { kind: 'nodejs:default', code: 'function main() { return {v: 2}; }' } },
    });
    expect(again.status).toBe(409);
    expect(((await wsk.actions.get({ name: action })) as any).exec.code).toBe(ECHO);

    const updated = await guest.request('PUT', `/namespaces/_/actions/${action}`, {
      query: { overwrite: true },
      body: { exec: { kind: 'nodejs:default', code: 'function main(p) { return {v: 2, who: p.who}; }' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: '0.0.2' });

    const withoutCode = await guest.request('GET', `/namespaces/_/actions/${action}`, { query: { code: false } });
    expect(withoutCode.status).toBe(200);
    expect(withoutCode.body.exec).not.toHaveProperty('code');
    expect(withoutCode.body).toMatchObject({ name: 'greet', version: '0.0.2' });

    expect(await wsk.actions.invoke({ name: action, params: { who: 'me' }, blocking: true, result: true })).toEqual({ v: 2, who: 'me' });

    const deleted = await guest.request('DELETE', `/namespaces/_/actions/${action}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ name: 'greet' });
    expect((await guest.request('GET', `/namespaces/_/actions/${action}`)).status).toBe(404);
    expect((await guest.request('DELETE', `/namespaces/_/actions/${action}`)).status).toBe(404);
    // The package stays, now empty: deleting it needs no force.
    expect((await wsk.packages.get({ name })).actions).toEqual([]);
    expect((await guest.request('DELETE', `/namespaces/_/packages/${name}`)).status).toBe(200);
  });

  it('list with limit, skip and count', async () => {
    for (let i = 0; i < 3; i++) await wsk.packages.create({ name: uniqueName('paged'), package: {} });
    const all: any[] = await wsk.packages.list({ limit: 200 });
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await wsk.packages.list({ limit: 2 })).toHaveLength(2);
    const skipped: any[] = await wsk.packages.list({ limit: 2, skip: 1 });
    expect(skipped.map((entry) => entry.name)).toEqual(all.slice(1, 3).map((entry) => entry.name));
    expect(await wsk.packages.list({ count: true })).toEqual({ packages: all.length });
    expect((await refused(wsk.packages.list({ limit: 201 }))).statusCode).toBe(400);
  });

  it('that still hold actions are deleted only with force, actions included', async () => {
    const name = uniqueName('full');
    await wsk.packages.create({ name, package: {} });
    await wsk.actions.create({ name: `${name}/one`, action: ECHO });
    await wsk.actions.create({ name: `${name}/two`, action: ECHO });

    const conflict = await refused(wsk.packages.delete({ name }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.message).toMatch(/contains 2 actions.*force=true/);
    expect((await wsk.actions.get({ name: `${name}/one` })).name).toBe('one');

    const deleted: any = await wsk.packages.delete({ name, qs: { force: true } } as any);
    expect(deleted).toMatchObject({ name });
    expect((await refused(wsk.packages.get({ name }))).statusCode).toBe(404);
    expect((await refused(wsk.actions.get({ name: `${name}/one` }))).statusCode).toBe(404);

    // An empty package needs no force.
    const empty = uniqueName('empty');
    await wsk.packages.create({ name: empty, package: {} });
    await wsk.packages.delete({ name: empty });
    expect((await refused(wsk.packages.delete({ name: empty }))).statusCode).toBe(404);
  });

  it('refuse bad names, the reserved name and oversized parameters', async () => {
    expect((await refused(wsk.packages.create({ name: 'default', package: {} }))).statusCode).toBe(400);
    const badName = await guest.request('PUT', `/namespaces/_/packages/${encodeURIComponent('-dash')}`, { body: {} });
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatch(/package name/);

    const name = uniqueName('huge');
    const tooLarge = await refused(wsk.packages.create({ name, package: { parameters: kv({ blob: 'x'.repeat(1024 * 1024 + 10) }) } }));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.message).toMatch(/package parameters.*1 MB/);
    expect((await refused(wsk.packages.get({ name }))).statusCode).toBe(404);

    const badBody = await guest.request('PUT', `/namespaces/_/packages/${uniqueName('bad')}`, { body: { parameters: 'nope' } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error).toMatch(/parameters/);
  });
});

describe('package bindings', () => {
  it('run the bound package’s action with parameters merged package < binding < action < invocation', async () => {
    const pkg = uniqueName('base');
    const binding = uniqueName('bound');
    await wsk.packages.create({ name: pkg, package: { parameters: kv({ p1: 'package', p2: 'package', p3: 'package', p4: 'package' }) } });
    await wsk.actions.create({ name: `${pkg}/echo`, action: ECHO, params: { p3: 'action', p4: 'action' } });
    const created: any = await wsk.packages.create({
      name: binding,
      package: { binding: { namespace: '_', name: pkg }, parameters: kv({ p2: 'binding', p3: 'binding', p4: 'binding' }) },
    });
    expect(created.binding).toEqual({ namespace: 'guest', name: pkg });
    const listed: any[] = await wsk.packages.list({ limit: 200 });
    expect(listed.find((entry) => entry.name === binding)?.binding).toEqual({ namespace: 'guest', name: pkg });

    const result = await wsk.actions.invoke({ name: `${binding}/echo`, blocking: true, result: true, params: { p4: 'invocation' } });
    expect(result).toEqual({ p1: 'package', p2: 'binding', p3: 'action', p4: 'invocation' });

    // The package itself runs without the binding's parameters.
    const direct = await wsk.actions.invoke({ name: `${pkg}/echo`, blocking: true, result: true });
    expect(direct).toEqual({ p1: 'package', p2: 'package', p3: 'action', p4: 'action' });
  });

  it('show the binding, the bound package’s actions and the merged parameters when read', async () => {
    const pkg = uniqueName('lib');
    const binding = uniqueName('mylib');
    await wsk.packages.create({ name: pkg, package: { parameters: kv({ a: 1, b: 1 }) } });
    await wsk.actions.create({ name: `${pkg}/echo`, action: ECHO, params: { c: 3 } });
    await wsk.packages.create({ name: binding, package: { binding: { namespace: 'guest', name: pkg }, parameters: kv({ b: 2 }) } });

    const read: any = await wsk.packages.get({ name: binding });
    expect(read).toMatchObject({ namespace: 'guest', name: binding, binding: { namespace: 'guest', name: pkg } });
    expect(keyValues(read.parameters)).toEqual({ a: 1, b: 2 });
    expect(read.actions.map((action: any) => action.name)).toEqual(['echo']);
    expect(keyValues(read.annotations).binding).toEqual({ namespace: 'guest', name: pkg });

    // The action read through the binding is shown where it lives, with what it inherits.
    const action: any = await wsk.actions.get({ name: `${binding}/echo` });
    expect(action).toMatchObject({ namespace: `guest/${pkg}`, name: 'echo' });
    expect(keyValues(action.parameters)).toEqual({ a: 1, b: 2, c: 3 });
    expect((await refused(wsk.actions.get({ name: `${binding}/missing` }))).statusCode).toBe(404);

    // Updating a binding keeps it a binding.
    const updated: any = await wsk.packages.update({ name: binding, package: { parameters: kv({ b: 5 }) } });
    expect(updated).toMatchObject({ version: '0.0.2', binding: { namespace: 'guest', name: pkg } });
  });

  it('refuse actions, bindings to bindings or to nothing, and packages turning into bindings', async () => {
    const pkg = uniqueName('target');
    const binding = uniqueName('b');
    await wsk.packages.create({ name: pkg, package: {} });
    await wsk.packages.create({ name: binding, package: { binding: { name: pkg } } });

    const actionInBinding = await refused(wsk.actions.create({ name: `${binding}/hello`, action: ECHO }));
    expect(actionInBinding.statusCode).toBe(400);
    expect(actionInBinding.message).toMatch(/binding/);

    const toBinding = await refused(wsk.packages.create({ name: uniqueName('bb'), package: { binding: { name: binding } } }));
    expect(toBinding.statusCode).toBe(400);
    expect(toBinding.message).toMatch(/binding/);

    const missing = uniqueName('nowhere');
    const toNothing = await refused(wsk.packages.create({ name: missing, package: { binding: { namespace: 'guest', name: uniqueName('absent') } } }));
    expect(toNothing.statusCode).toBe(400);
    expect(toNothing.message).toMatch(/does not exist/);
    expect((await refused(wsk.packages.get({ name: missing }))).statusCode).toBe(404);

    const becomeBinding = await refused(wsk.packages.update({ name: pkg, package: { binding: { name: binding } } }));
    expect(becomeBinding.statusCode).toBe(409);

    const self = uniqueName('self');
    expect((await refused(wsk.packages.create({ name: self, package: { binding: { name: self } } }))).statusCode).toBe(400);
  });

  it('whose package was deleted fail to invoke with 404 but can still be read and deleted', async () => {
    const pkg = uniqueName('doomed');
    const binding = uniqueName('orphan');
    await wsk.packages.create({ name: pkg, package: {} });
    await wsk.actions.create({ name: `${pkg}/echo`, action: ECHO });
    await wsk.packages.create({ name: binding, package: { binding: { name: pkg } } });
    await wsk.packages.delete({ name: pkg, qs: { force: true } } as any);

    const invoke = await refused(wsk.actions.invoke({ name: `${binding}/echo`, blocking: true }));
    expect(invoke.statusCode).toBe(404);
    expect(invoke.message).toMatch(/does not exist/);
    const read: any = await wsk.packages.get({ name: binding });
    expect(read.actions).toEqual([]);
    expect(await wsk.packages.delete({ name: binding })).toMatchObject({ name: binding });
  });
});
