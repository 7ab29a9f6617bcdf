// The /whisk.system catalog through the official `openwhisk` client: its
// published utilities run for any namespace, chain into a caller's
// sequences, and cannot be changed by anyone with an ordinary key.
import { describe, expect, it } from 'vitest';
import { brisk, guest, other, uniqueName } from './helpers';
import { ECHO, guestWsk, otherWsk, refused } from './openwhisk-clients';

const wsk: any = guestWsk;

describe('the /whisk.system catalog', () => {
  it('runs utils/sort and utils/echo for any namespace', async () => {
    expect(await wsk.actions.invoke({ name: '/whisk.system/utils/sort', params: { lines: ['pear', 'apple', 'fig'] }, blocking: true, result: true })).toEqual({
      length: 3,
      lines: ['apple', 'fig', 'pear'],
    });
    const echoed = await (otherWsk as any).actions.invoke({
      name: '/whisk.system/utils/echo',
      params: { payload: 'Five fuzzy felines' },
      blocking: true,
      result: true,
    });
    expect(echoed).toEqual({ payload: 'Five fuzzy felines' });
    // Run for the invoker: its namespace, not whisk.system.
    expect(await wsk.actions.invoke({ name: '/whisk.system/utils/namespace', blocking: true, result: true })).toEqual({ namespace: 'guest' });
    expect(
      await wsk.actions.invoke({ name: '/whisk.system/samples/greeting', params: { name: 'Cat', place: 'Narrowsburg' }, blocking: true, result: true }),
    ).toEqual({ payload: 'Hello, Cat from Narrowsburg!' });
  });

  it('lists its published packages, with their actions and descriptions', async () => {
    const packages: any[] = await wsk.packages.list({ namespace: 'whisk.system' });
    expect(packages.map((pkg) => pkg.name).sort()).toEqual(['alarms', 'samples', 'utils']);
    const utils: any = await wsk.packages.get({ name: '/whisk.system/utils' });
    expect(utils.actions.map((action: { name: string }) => action.name).sort()).toEqual([
      'cat',
      'date',
      'echo',
      'head',
      'hosturl',
      'namespace',
      'smash',
      'sort',
      'split',
    ]);
    const alarms: any = await wsk.packages.get({ name: '/whisk.system/alarms' });
    expect(alarms.feeds.map((feed: { name: string }) => feed.name).sort()).toEqual(['alarm', 'interval', 'once']);
    const split: any = await wsk.actions.get({ name: '/whisk.system/utils/split' });
    expect(split.annotations).toContainEqual({ key: 'description', value: 'Splits a string into lines' });
  });

  it('chains into a caller’s sequence: split, then sort', async () => {
    const name = uniqueName('split-sort');
    const created = await wsk.actions.create({
      name,
      action: { exec: { kind: 'sequence', components: ['/whisk.system/utils/split', '/whisk.system/utils/sort'] } },
    });
    expect(created.exec.components).toEqual(['/whisk.system/utils/split', '/whisk.system/utils/sort']);
    const result = await wsk.actions.invoke({ name, params: { payload: 'cherry\napple\nbanana' }, blocking: true, result: true });
    expect(result).toEqual({ length: 3, lines: ['apple', 'banana', 'cherry'] });
  });

  it('refuses a sequence naming an action in another namespace’s private package', async () => {
    const pkg = uniqueName('private');
    await (otherWsk as any).packages.create({ name: pkg });
    await (otherWsk as any).actions.create({ name: `${pkg}/hidden`, action: ECHO });
    const answer = await refused(
      wsk.actions.create({ name: uniqueName('seq'), action: { exec: { kind: 'sequence', components: [`/${brisk.otherNamespace}/${pkg}/hidden`] } } }),
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.message).toMatch(/another namespace that is not shared/);
    const missing = await refused(
      wsk.actions.create({ name: uniqueName('seq'), action: { exec: { kind: 'sequence', components: ['/whisk.system/utils/nope'] } } }),
    );
    expect(missing).toMatchObject({ statusCode: 400, message: expect.stringMatching(/does not exist/) });
  });

  it('cannot be changed or deleted with another namespace’s key', async () => {
    const put = await guest.request('PUT', '/namespaces/whisk.system/actions/utils/echo', {
      query: { overwrite: true },
      body: { exec: { kind: 'nodejs:default', code: ECHO } },
    });
    expect(put.status).toBe(403);
    expect((await other.request('DELETE', '/namespaces/whisk.system/packages/utils')).status).toBe(403);
    expect(await wsk.actions.invoke({ name: '/whisk.system/utils/echo', params: { still: 'there' }, blocking: true, result: true })).toEqual({
      still: 'there',
    });
  });
});
