// Lost updates: an action's ETag is its version, and a PUT with If-Match
// saves only over the version it names. A save based on a version that is no
// longer the newest is refused with 412 and writes nothing; without If-Match
// a PUT behaves as OpenWhisk's does (overwrite=true replaces).
import { createDb } from '@brisk/db';
import { afterAll, describe, expect, it } from 'vitest';
import { brisk, guest, nodeAction, uniqueName } from './helpers';

const db = createDb(brisk.databaseUrl, { poolSize: 1 });
afterAll(async () => {
  await db.$disconnect();
});

const code = (n: number) => `function main() { return { n: ${n} }; }`;

async function versionsStored(name: string): Promise<string[]> {
  const rows = await db.actionVersion.findMany({ where: { action: { name } }, select: { version: true }, orderBy: { version: 'asc' } });
  return rows.map((row) => row.version);
}

describe('saving an action with If-Match', () => {
  it('answers its version as ETag, saves over the version named, and refuses a stale one with 412 and no write', async () => {
    const name = uniqueName('guarded');
    const created = await guest.putAction(name, nodeAction(code(1)));
    expect(created.status).toBe(200);
    expect(created.headers.get('etag')).toBe('"0.0.1"');
    const read = await guest.request('GET', `/namespaces/_/actions/${name}`);
    expect(read.headers.get('etag')).toBe('"0.0.1"');

    // Tab A saves over 0.0.1 (If-Match implies overwrite).
    const first = await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(2)), headers: { 'if-match': '"0.0.1"' } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.headers.get('etag')).toBe('"0.0.2"');

    // Tab B, still on 0.0.1, is refused and changes nothing.
    const stale = await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(3)), headers: { 'if-match': '"0.0.1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toBe(
      `The action ${name} is at version 0.0.2, not 0.0.1 that this save was based on: it was saved again in between. Load version 0.0.2, compare, and save again.`,
    );
    const after = await guest.request('GET', `/namespaces/_/actions/${name}`);
    expect(after.body).toMatchObject({ version: '0.0.2', exec: { code: code(2) } });
    expect(await versionsStored(name)).toEqual(['0.0.1', '0.0.2']);

    // A list naming the current version, a bare version and * all pass.
    expect(
      (await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(4)), headers: { 'if-match': '"0.0.1", "0.0.2"' } })).status,
    ).toBe(200);
    expect((await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(5)), headers: { 'if-match': '0.0.3' } })).status).toBe(200);
    expect((await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(6)), headers: { 'if-match': '*' } })).status).toBe(200);
    expect(await versionsStored(name)).toEqual(['0.0.1', '0.0.2', '0.0.3', '0.0.4', '0.0.5']);
  });

  it('refuses a weak tag and an action that does not exist, and leaves saves without If-Match as OpenWhisk has them', async () => {
    const name = uniqueName('guarded');
    const missing = await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(1)), headers: { 'if-match': '*' } });
    expect(missing.status).toBe(412);
    expect(missing.body.error).toBe(`The action ${name} does not exist, so it is not at version *.`);
    expect(await versionsStored(name)).toEqual([]);

    expect((await guest.putAction(name, nodeAction(code(1)))).status).toBe(200);
    const weak = await guest.request('PUT', `/namespaces/_/actions/${name}`, { body: nodeAction(code(2)), headers: { 'if-match': 'W/"0.0.1"' } });
    expect(weak.status).toBe(412);
    expect(weak.body.error).toMatch(/If-Match names no version of .* to compare \(weak tags never match\); send the ETag, e\.g\. "0\.0\.1"/);

    // No If-Match: overwrite=true replaces whatever is there, and without it a second create is 409.
    expect((await guest.putAction(name, nodeAction(code(2)))).status).toBe(409);
    expect((await guest.putAction(name, nodeAction(code(3)), true)).status).toBe(200);
    expect(await versionsStored(name)).toEqual(['0.0.1', '0.0.2']);
  });
});
