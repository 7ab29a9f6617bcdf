// Triggers and rules through the official `openwhisk` client: CRUD, enabling
// and disabling rules, and firing a trigger through its rules to actions.
import { describe, expect, it } from 'vitest';
import { guest, uniqueName } from './helpers';
import { ECHO, finishedActivation, guestWsk as wsk, keyValues, refused } from './openwhisk-clients';

const kv = (object: Record<string, unknown>) => Object.entries(object).map(([key, value]) => ({ key, value }));

describe('triggers', () => {
  it('are created with parameters and a feed annotation, read, updated, listed and deleted', async () => {
    const name = uniqueName('trig');
    const created: any = await wsk.triggers.create({
      name,
      trigger: { parameters: kv({ city: 'Oslo' }), annotations: kv({ feed: '/whisk.system/alarms/alarm', note: 'hourly' }) },
    });
    expect(created).toMatchObject({ namespace: 'guest', name, version: '0.0.1', publish: false, limits: {} });
    expect(keyValues(created.parameters)).toEqual({ city: 'Oslo' });
    expect(keyValues(created.annotations)).toEqual({ feed: '/whisk.system/alarms/alarm', note: 'hourly' });

    expect((await refused(wsk.triggers.create({ name, trigger: {} }))).statusCode).toBe(409);

    const updated: any = await wsk.triggers.update({ name, trigger: { publish: true } });
    expect(updated).toMatchObject({ version: '0.0.2', publish: true });
    expect(keyValues(updated.parameters)).toEqual({ city: 'Oslo' });
    expect(keyValues((await wsk.triggers.get({ name })).annotations).feed).toBe('/whisk.system/alarms/alarm');

    expect((await wsk.triggers.list({ limit: 200 })).map((trigger) => trigger.name)).toContain(name);

    expect(await wsk.triggers.delete({ name })).toMatchObject({ name });
    expect((await refused(wsk.triggers.get({ name }))).statusCode).toBe(404);
    expect((await refused(wsk.triggers.delete({ name }))).statusCode).toBe(404);
  });

  it('list with limit, skip and count', async () => {
    for (let i = 0; i < 3; i++) await wsk.triggers.create({ name: uniqueName('paged-t'), trigger: {} });
    const all = await wsk.triggers.list({ limit: 200 });
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await wsk.triggers.list({ limit: 2 })).toHaveLength(2);
    const skipped = await wsk.triggers.list({ limit: 2, skip: 1 });
    expect(skipped.map((trigger) => trigger.name)).toEqual(all.slice(1, 3).map((trigger) => trigger.name));
    expect(await wsk.triggers.list({ count: true })).toEqual({ triggers: all.length });
  });

  it('refuse a feed annotation that is not an action name, bad names and oversized parameters', async () => {
    const name = uniqueName('feedless');
    const badFeed = await refused(wsk.triggers.create({ name, trigger: { annotations: kv({ feed: 42 }) } }));
    expect(badFeed.statusCode).toBe(400);
    expect(badFeed.message).toMatch(/feed/);
    expect((await refused(wsk.triggers.get({ name }))).statusCode).toBe(404);

    const badName = await guest.request('PUT', `/namespaces/_/triggers/${encodeURIComponent(' space')}`, { body: {} });
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatch(/trigger name/);

    const tooLarge = await refused(wsk.triggers.create({ name, trigger: { parameters: kv({ blob: 'x'.repeat(1024 * 1024 + 10) }) } }));
    expect(tooLarge.statusCode).toBe(413);
  });

  it('that have no rule, or only inactive ones, fire with 204 and record nothing', async () => {
    const name = uniqueName('lonely');
    await wsk.triggers.create({ name, trigger: {} });
    const bare = await guest.request('POST', `/namespaces/_/triggers/${name}`, { body: { x: 1 } });
    expect(bare.status).toBe(204);

    const action = uniqueName('never');
    await wsk.actions.create({ name: action, action: ECHO });
    const rule = uniqueName('off');
    await wsk.rules.create({ name: rule, trigger: name, action });
    await wsk.rules.disable({ name: rule });
    const viaClient: any = await wsk.triggers.invoke({ name, params: { x: 2 } });
    expect(viaClient?.activationId).toBeUndefined();
    expect(await wsk.activations.list({ name, count: true } as any)).toEqual({ activations: 0 });
  });

  it('that do not exist cannot be fired', async () => {
    expect((await refused(wsk.triggers.invoke({ name: uniqueName('ghost'), params: {} }))).statusCode).toBe(404);
  });
});

describe('rules', () => {
  it('are created active with OpenWhisk’s shape, disabled, enabled, updated and deleted', async () => {
    const trigger = uniqueName('t');
    const action = uniqueName('a');
    const otherAction = uniqueName('a2');
    const name = uniqueName('r');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    await wsk.actions.create({ name: action, action: ECHO });
    await wsk.actions.create({ name: otherAction, action: ECHO });

    const created: any = await wsk.rules.create({ name, trigger, action });
    expect(created).toMatchObject({ namespace: 'guest', name, version: '0.0.1', status: 'active' });
    // As OpenWhisk writes them, and nothing more: clients compare these objects.
    expect(created.trigger).toEqual({ path: 'guest', name: trigger });
    expect(created.action).toEqual({ path: 'guest', name: action });
    expect((await refused(wsk.rules.create({ name, trigger, action }))).statusCode).toBe(409);

    // The trigger lists the rules that name it.
    const read: any = await wsk.triggers.get({ name: trigger });
    expect(read.rules[`guest/${name}`]).toEqual({ action: { path: 'guest', name: action }, status: 'active' });

    await wsk.rules.disable({ name });
    expect((await wsk.rules.get({ name })).status).toBe('inactive');
    await wsk.rules.disable({ name }); // the same status again is fine
    expect((await wsk.rules.get({ name })).status).toBe('inactive');

    // An update (overwrite) keeps the status.
    const updated: any = await wsk.rules.update({ name, trigger: `/guest/${trigger}`, action: `/_/${otherAction}` });
    expect(updated).toMatchObject({ version: '0.0.2', status: 'inactive', action: { path: 'guest', name: otherAction } });

    await wsk.rules.enable({ name });
    expect((await wsk.rules.get({ name })).status).toBe('active');

    expect((await wsk.rules.list({ limit: 200 })).map((rule) => rule.name)).toContain(name);
    expect(await wsk.rules.delete({ name })).toMatchObject({ name });
    expect((await refused(wsk.rules.get({ name }))).statusCode).toBe(404);
  });

  it('list with limit, skip and count', async () => {
    const trigger = uniqueName('t-paged');
    const action = uniqueName('a-paged');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    await wsk.actions.create({ name: action, action: ECHO });
    for (let i = 0; i < 3; i++) await wsk.rules.create({ name: uniqueName('r-paged'), trigger, action });
    const all = await wsk.rules.list({ limit: 200 });
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(await wsk.rules.list({ limit: 2 })).toHaveLength(2);
    const skipped = await wsk.rules.list({ limit: 2, skip: 1 });
    expect(skipped.map((rule) => rule.name)).toEqual(all.slice(1, 3).map((rule) => rule.name));
    expect(await wsk.rules.list({ count: true })).toEqual({ rules: all.length });
  });

  it('need a trigger and an action that exist', async () => {
    const trigger = uniqueName('t-real');
    const action = uniqueName('a-real');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    await wsk.actions.create({ name: action, action: ECHO });

    const noTrigger = await refused(wsk.rules.create({ name: uniqueName('r'), trigger: uniqueName('absent'), action }));
    expect(noTrigger.statusCode).toBe(400);
    expect(noTrigger.message).toMatch(/trigger .* does not exist/);
    const noAction = await refused(wsk.rules.create({ name: uniqueName('r'), trigger, action: uniqueName('absent') }));
    expect(noAction.statusCode).toBe(400);
    expect(noAction.message).toMatch(/action .* does not exist/);

    const name = uniqueName('r-half');
    const half = await guest.request('PUT', `/namespaces/_/rules/${name}`, { body: { trigger } });
    expect(half.status).toBe(400);
    expect(half.body.error).toMatch(/trigger and an action/);
    expect((await refused(wsk.rules.get({ name }))).statusCode).toBe(404);

    const badStatus = await guest.request('POST', `/namespaces/_/rules/${uniqueName('r')}`, { body: { status: 'sleeping' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error).toMatch(/active/);
    expect((await refused(wsk.rules.enable({ name: uniqueName('absent') }))).statusCode).toBe(404);
  });

  it('whose trigger was deleted become inactive and cannot be enabled', async () => {
    const trigger = uniqueName('t-gone');
    const action = uniqueName('a-gone');
    const name = uniqueName('r-gone');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    await wsk.actions.create({ name: action, action: ECHO });
    await wsk.rules.create({ name, trigger, action });
    await wsk.triggers.delete({ name: trigger });
    expect((await wsk.rules.get({ name })).status).toBe('inactive');
    expect((await refused(wsk.rules.enable({ name }))).statusCode).toBe(404);
  });
});

describe('firing a trigger', () => {
  it('invokes each active rule’s action with trigger parameters merged with the payload, caused by the trigger activation', async () => {
    const trigger = uniqueName('fire');
    const action = uniqueName('fired');
    const rule = uniqueName('when');
    await wsk.triggers.create({ name: trigger, trigger: { parameters: kv({ source: 'trigger', overridden: 'trigger' }) } });
    await wsk.actions.create({ name: action, action: ECHO });
    await wsk.rules.create({ name: rule, trigger, action });

    const fired = await wsk.triggers.invoke({ name: trigger, params: { overridden: 'payload', extra: 1 } });
    expect(fired.activationId).toMatch(/^[0-9a-f]{32}$/);

    const triggerActivation: any = await wsk.activations.get({ name: fired.activationId });
    expect(triggerActivation).toMatchObject({ namespace: 'guest', name: trigger, activationId: fired.activationId });
    expect(triggerActivation.response).toMatchObject({ statusCode: 0, success: true, result: { overridden: 'payload', extra: 1 } });
    expect(triggerActivation.logs).toHaveLength(1);
    const line = JSON.parse(triggerActivation.logs[0]);
    expect(line).toEqual({
      statusCode: 0,
      success: true,
      activationId: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: `guest/${rule}`,
      action: `guest/${action}`,
    });

    const actionActivation = await finishedActivation(wsk, line.activationId);
    expect(actionActivation.name).toBe(action);
    expect(actionActivation.cause).toBe(fired.activationId);
    // Only a sequence's components are marked as caused by a sequence.
    expect(actionActivation.annotations.some((entry: { key: string }) => entry.key === 'causedBy')).toBe(false);
    expect(actionActivation.response.result).toEqual({ source: 'trigger', overridden: 'payload', extra: 1 });

    // The trigger activation is listed under the trigger's name.
    expect(await wsk.activations.list({ name: trigger, count: true } as any)).toEqual({ activations: 1 });
  });

  it('answers 202 and logs a failed rule (its action deleted) and an inactive one beside a working one', async () => {
    const trigger = uniqueName('multi');
    const kept = uniqueName('kept');
    const doomed = uniqueName('doomed');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    await wsk.actions.create({ name: kept, action: ECHO });
    await wsk.actions.create({ name: doomed, action: ECHO });
    const good = `${uniqueName('r')}-a-good`;
    const broken = `${uniqueName('r')}-b-broken`;
    const sleeping = `${uniqueName('r')}-c-off`;
    await wsk.rules.create({ name: good, trigger, action: kept });
    await wsk.rules.create({ name: broken, trigger, action: doomed });
    await wsk.rules.create({ name: sleeping, trigger, action: kept });
    await wsk.rules.disable({ name: sleeping });
    await wsk.actions.delete({ name: doomed });

    const raw = await guest.request('POST', `/namespaces/_/triggers/${trigger}`, { body: { n: 1 } });
    expect(raw.status).toBe(202);
    expect(raw.headers.get('x-openwhisk-activation-id')).toBe(raw.body.activationId);

    const record: any = await wsk.activations.get({ name: raw.body.activationId });
    const lines = record.logs.map((entry: string) => JSON.parse(entry));
    const byRule = Object.fromEntries(lines.map((entry: any) => [entry.rule, entry]));
    expect(byRule[`guest/${good}`]).toMatchObject({ statusCode: 0, success: true, action: `guest/${kept}` });
    expect(byRule[`guest/${broken}`]).toMatchObject({ statusCode: 1, success: false, action: `guest/${doomed}` });
    expect(byRule[`guest/${broken}`].error).toMatch(/does not exist/);
    expect(byRule[`guest/${broken}`].activationId).toBeUndefined();
    expect(byRule[`guest/${sleeping}`]).toMatchObject({ statusCode: 1, success: false });
    expect(byRule[`guest/${sleeping}`].error).toMatch(/inactive/);

    const ran = await finishedActivation(wsk, byRule[`guest/${good}`].activationId);
    expect(ran.response.result).toEqual({ n: 1 });
    expect(ran.cause).toBe(raw.body.activationId);
  });

  it('records a firing whose payload holds a NUL character, and its rule’s action runs with it', async () => {
    const trigger = uniqueName('nul');
    const action = uniqueName('nul-echo');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    await wsk.actions.create({ name: action, action: ECHO });
    await wsk.rules.create({ name: uniqueName('nul-rule'), trigger, action });
    const raw = await guest.request('POST', `/namespaces/_/triggers/${trigger}`, { body: { text: 'a\u0000b' } });
    expect(raw.status).toBe(202);
    // Postgres stores no NUL: the record has U+FFFD in its place (as a worker stores an action's).
    const record: any = await wsk.activations.get({ name: raw.body.activationId });
    expect(record.response.result).toEqual({ text: 'a\ufffdb' });
    const ran = await finishedActivation(wsk, JSON.parse(record.logs[0]).activationId);
    // The action got the NUL; its record has it while just finished (Redis), U+FFFD once stored.
    expect(['a\u0000b', 'a\ufffdb']).toContain(ran.response.result.text);
  });

  it('refuses a payload that is not an object', async () => {
    const trigger = uniqueName('typed');
    await wsk.triggers.create({ name: trigger, trigger: {} });
    const response = await guest.request('POST', `/namespaces/_/triggers/${trigger}`, { body: [1, 2] });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/payload/);
  });
});
