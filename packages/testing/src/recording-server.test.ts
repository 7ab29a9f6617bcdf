import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from './recording-server.ts';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('recording server', () => {
  it('records requests and answers 201 with an echo by default', async () => {
    server = await startRecordingServer();
    const waiting = server.waitFor((request) => request.pathname === '/repos/acme/app/statuses/abc');
    const response = await fetch(`${server.url}/repos/acme/app/statuses/abc?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'success' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ method: 'POST', path: '/repos/acme/app/statuses/abc?x=1', body: { state: 'success' } });
    const recorded = await waiting;
    expect(recorded).toMatchObject({ method: 'POST', query: { x: '1' }, body: { state: 'success' }, headers: { authorization: 'Bearer t' } });
    expect(server.requests).toHaveLength(1);
  });

  it('answers what the test configures, and times out waiting with what it saw', async () => {
    server = await startRecordingServer({ respond: { status: 422, body: { message: 'Validation Failed' } } });
    expect((await fetch(`${server.url}/a`)).status).toBe(422);
    server.respondWith((request) => (request.pathname === '/b' ? { status: 404, body: { message: 'Not Found' } } : undefined));
    expect((await fetch(`${server.url}/b`)).status).toBe(404);
    expect((await fetch(`${server.url}/c`)).status).toBe(201);
    await expect(server.waitFor((request) => request.pathname === '/never', 100)).rejects.toThrow(/received: GET \/a, GET \/b, GET \/c/);
  });
});
