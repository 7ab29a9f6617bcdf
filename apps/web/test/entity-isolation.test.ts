// Tenant isolation for packages, triggers and rules, and what publishing a
// package shares: another namespace may list, read, bind and invoke a
// published package, and nothing else of guest's.
import { beforeAll, describe, expect, it } from 'vitest';
import { brisk, guest, other, uniqueName } from './helpers';
import { ECHO, finishedActivation, guestWsk, keyValues, otherWsk, refused } from './openwhisk-clients';

const kv = (object: Record<string, unknown>) => Object.entries(object).map(([key, value]) => ({ key, value }));

describe("guest's private packages, triggers and rules", () => {
  const privatePkg = uniqueName('private-pkg');
  const trigger = uniqueName('private-trigger');
  const rule = uniqueName('private-rule');
  const action = uniqueName('private-action');

  beforeAll(async () => {
    await guestWsk.packages.create({ name: privatePkg, package: { parameters: kv({ secret: 's3cr3t' }) } });
    await guestWsk.actions.create({ name: `${privatePkg}/echo`, action: ECHO });
    await guestWsk.actions.create({ name: action, action: ECHO });
    await guestWsk.triggers.create({ name: trigger, trigger: {} });
    await guestWsk.rules.create({ name: rule, trigger, action });
  });

  it('are absent from the other namespace’s lists', async () => {
    const names = (list: { name?: string }[]) => list.map((entry) => entry.name);
    expect(names(await otherWsk.packages.list({ limit: 200 }))).not.toContain(privatePkg);
    expect(names(await otherWsk.packages.list({ limit: 200, public: true }))).not.toContain(privatePkg);
    expect(names(await otherWsk.packages.list({ namespace: 'guest', limit: 200 }))).not.toContain(privatePkg);
    expect(names(await otherWsk.triggers.list({ limit: 200 }))).not.toContain(trigger);
    expect(names(await otherWsk.rules.list({ limit: 200 }))).not.toContain(rule);
  });

  it('cannot be read, bound, invoked, fired or changed from the other namespace', async () => {
    expect((await refused(otherWsk.packages.get({ name: `/guest/${privatePkg}` }))).statusCode).toBe(403);
    expect((await refused(otherWsk.packages.get({ name: privatePkg }))).statusCode).toBe(404);
    const bind = await refused(otherWsk.packages.create({ name: uniqueName('steal'), package: { binding: { namespace: 'guest', name: privatePkg } } }));
    expect(bind.statusCode).toBe(403);
    expect((await refused(otherWsk.actions.get({ name: `/guest/${privatePkg}/echo` }))).statusCode).toBe(403);
    expect((await refused(otherWsk.actions.invoke({ name: `/guest/${privatePkg}/echo`, blocking: true }))).statusCode).toBe(403);

    expect((await refused(otherWsk.triggers.invoke({ name: `/guest/${trigger}`, params: {} }))).statusCode).toBe(403);
    expect((await refused(otherWsk.triggers.invoke({ name: trigger, params: {} }))).statusCode).toBe(404);
    expect((await refused(otherWsk.triggers.get({ name: `/guest/${trigger}` }))).statusCode).toBe(403);
    expect((await refused(otherWsk.rules.get({ name: `/guest/${rule}` }))).statusCode).toBe(403);
    expect((await refused(otherWsk.rules.disable({ name: `/guest/${rule}` }))).statusCode).toBe(403);

    expect((await other.request('PUT', `/namespaces/guest/packages/${privatePkg}`, { body: {}, query: { overwrite: true } })).status).toBe(403);
    expect((await other.request('DELETE', `/namespaces/guest/packages/${privatePkg}`)).status).toBe(403);
    expect((await other.request('DELETE', `/namespaces/guest/triggers/${trigger}`)).status).toBe(403);
    expect((await other.request('DELETE', `/namespaces/guest/rules/${rule}`)).status).toBe(403);
    expect((await other.request('GET', '/namespaces/guest/triggers')).status).toBe(403);
    expect((await other.request('GET', '/namespaces/guest/rules')).status).toBe(403);

    // A rule of the other namespace cannot reach guest's private action either.
    await otherWsk.triggers.create({ name: trigger, trigger: {} });
    const crossRule = await refused(otherWsk.rules.create({ name: uniqueName('cross'), trigger, action: `/guest/${privatePkg}/echo` }));
    expect(crossRule.statusCode).toBe(403);

    // Everything is still there for guest, and still active.
    expect((await guestWsk.packages.get({ name: privatePkg })).name).toBe(privatePkg);
    expect((await guestWsk.rules.get({ name: rule })).status).toBe('active');
  });
});

describe('a published package', () => {
  const shared = uniqueName('shared');

  beforeAll(async () => {
    await guestWsk.packages.create({ name: shared, package: { publish: true, parameters: kv({ greeting: 'hello', who: 'guest' }) } });
    await guestWsk.actions.create({ name: `${shared}/echo`, action: ECHO, params: { from: 'action' } });
  });

  it('is listed and read by the other namespace', async () => {
    const listed = await otherWsk.packages.list({ namespace: 'guest', limit: 200 });
    expect(listed.map((entry) => entry.name)).toContain(shared);
    expect(listed.every((entry) => entry.publish)).toBe(true);
    const everyone = await otherWsk.packages.list({ limit: 200, public: true });
    expect(everyone.find((entry) => entry.name === shared)).toMatchObject({ namespace: 'guest' });

    const read: any = await otherWsk.packages.get({ name: `/guest/${shared}` });
    expect(read).toMatchObject({ namespace: 'guest', name: shared, publish: true });
    expect(read.actions.map((entry: any) => entry.name)).toEqual(['echo']);

    const action: any = await otherWsk.actions.get({ name: `/guest/${shared}/echo` });
    expect(action).toMatchObject({ namespace: `guest/${shared}`, name: 'echo' });
    expect(keyValues(action.parameters)).toEqual({ greeting: 'hello', who: 'guest', from: 'action' });

    // Read-only: the other namespace cannot change it.
    expect(
      (
        await other.request('PUT', `/namespaces/guest/actions/${shared}/echo`, {
          body: { exec: { kind: 'nodejs:default', code: ECHO } },
          query: { overwrite: true },
        })
      ).status,
    ).toBe(403);
  });

  it('is invoked by its fully qualified name, the activation recorded in the caller’s namespace', async () => {
    const run: any = await otherWsk.actions.invoke({ name: `/guest/${shared}/echo`, blocking: true, params: { who: 'other' } });
    expect(run.response.result).toEqual({ greeting: 'hello', who: 'other', from: 'action' });
    expect(run.namespace).toBe(brisk.otherNamespace);
    // The path annotation names where the action lives, as OpenWhisk records it.
    expect(run.annotations.find((entry: { key: string }) => entry.key === 'path').value).toBe(`guest/${shared}/echo`);
    expect((await other.request('GET', `/namespaces/_/activations/${run.activationId}`)).status).toBe(200);
    expect((await guest.request('GET', `/namespaces/_/activations/${run.activationId}`)).status).toBe(404);

    // A non-blocking invoke too.
    const queued = await otherWsk.actions.invoke({ name: `/guest/${shared}/echo`, params: {} });
    expect((await finishedActivation(otherWsk, queued.activationId)).response.success).toBe(true);

    // Guest's default package is never shared, published package or not.
    expect((await refused(otherWsk.actions.invoke({ name: `/guest/${uniqueName('x')}`, blocking: true }))).statusCode).toBe(403);
    // A missing action of a published package is simply not found.
    expect((await refused(otherWsk.actions.invoke({ name: `/guest/${shared}/missing`, blocking: true }))).statusCode).toBe(404);
  });

  it('is bound by the other namespace, whose binding’s parameters win, until guest unpublishes it', async () => {
    const binding = uniqueName('their-binding');
    const created: any = await otherWsk.packages.create({
      name: binding,
      package: { binding: { namespace: 'guest', name: shared }, parameters: kv({ who: 'binding' }) },
    });
    expect(created).toMatchObject({ namespace: brisk.otherNamespace, binding: { namespace: 'guest', name: shared } });
    const read: any = await otherWsk.packages.get({ name: binding });
    expect(read.binding).toEqual({ namespace: 'guest', name: shared });
    expect(read.actions.map((entry: any) => entry.name)).toEqual(['echo']);

    const result = await otherWsk.actions.invoke({ name: `${binding}/echo`, blocking: true, result: true, params: { extra: true } });
    expect(result).toEqual({ greeting: 'hello', who: 'binding', from: 'action', extra: true });

    // Rules of the other namespace may use the shared action through the binding.
    const trigger = uniqueName('their-trigger');
    const rule = uniqueName('their-rule');
    await otherWsk.triggers.create({ name: trigger, trigger: {} });
    await otherWsk.rules.create({ name: rule, trigger, action: `${binding}/echo` });
    const fired = await otherWsk.triggers.invoke({ name: trigger, params: { event: 'e1' } });
    const triggerRecord: any = await otherWsk.activations.get({ name: fired.activationId });
    const line = JSON.parse(triggerRecord.logs[0]);
    expect(line).toMatchObject({ statusCode: 0, rule: `${brisk.otherNamespace}/${rule}`, action: `${brisk.otherNamespace}/${binding}/echo` });
    const ran = await finishedActivation(otherWsk, line.activationId);
    expect(ran.response.result).toEqual({ greeting: 'hello', who: 'binding', from: 'action', event: 'e1' });

    // Once guest unpublishes the package, the binding leads nowhere.
    await guestWsk.packages.update({ name: shared, package: { publish: false } });
    try {
      expect((await refused(otherWsk.actions.invoke({ name: `${binding}/echo`, blocking: true }))).statusCode).toBe(403);
      expect((await refused(otherWsk.packages.get({ name: `/guest/${shared}` }))).statusCode).toBe(403);
      expect((await otherWsk.packages.get({ name: binding })).actions).toEqual([]);
    } finally {
      await guestWsk.packages.update({ name: shared, package: { publish: true } });
    }
  });
});
