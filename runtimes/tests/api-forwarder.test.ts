// The forwarders in the runtime proxies (runtimes/nodejs/api-forwarder.js,
// runtimes/python/brisk_proxy/api_forwarder.py): 127.0.0.1:$BRISK_API_PORT
// piped to $BRISK_API_SOCKET, both ways, many connections, and bytes larger
// than a socket buffer; and the modules the Node.js image preinstalls.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moduleClosure } from '../../scripts/lib/vendor-modules.ts';

const require = createRequire(import.meta.url);
const { startApiForwarder } = require('../nodejs/api-forwarder.js') as {
  startApiForwarder: (env: Record<string, string>) => net.Server | undefined;
};
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A Unix socket server that answers each connection with what it got, upper-cased, then closes. */
async function echoSocket(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brisk-forwarder-test-'));
  const socketPath = path.join(dir, 'api.sock');
  const server = net.createServer((socket) => {
    let got = '';
    socket.on('data', (chunk) => {
      got += chunk.toString();
      if (got.endsWith('\n')) socket.end(got.toUpperCase());
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return socketPath;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (chunk) => {
      got += chunk.toString();
    });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
    socket.write(text);
  });
}

async function roundTripWhenUp(port: number, text: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await roundTrip(port, text);
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const big = `${'a'.repeat(1024 * 1024)}\n`;

describe('the Node.js forwarder', () => {
  it('pipes each connection to the socket, both ways', async () => {
    const socketPath = await echoSocket();
    const port = await freePort();
    const server = startApiForwarder({ BRISK_API_SOCKET: socketPath, BRISK_API_PORT: String(port) });
    cleanups.push(() => server?.close());
    expect(await roundTripWhenUp(port, 'hello\n')).toBe('HELLO\n');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => roundTrip(port, `call ${i}\n`)));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `CALL ${i}\n`));
    expect(await roundTrip(port, big)).toBe(big.toUpperCase());
  });

  it('starts nothing without a socket', () => {
    expect(startApiForwarder({ BRISK_API_PORT: '3233' })).toBeUndefined();
  });
});

describe('the Python forwarder', () => {
  it('pipes each connection to the socket, both ways', async () => {
    const socketPath = await echoSocket();
    const port = await freePort();
    const child = spawn(
      'python3',
      [
        '-c',
        'import sys, time; sys.path.insert(0, sys.argv[1]); from brisk_proxy.api_forwarder import start_api_forwarder; start_api_forwarder(); time.sleep(60)',
        path.join(REPO_ROOT, 'runtimes/python'),
      ],
      { env: { ...process.env, BRISK_API_SOCKET: socketPath, BRISK_API_PORT: String(port) }, stdio: 'ignore' },
    );
    cleanups.push(() => child.kill('SIGKILL'));
    expect(await roundTripWhenUp(port, 'hello\n')).toBe('HELLO\n');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => roundTrip(port, `call ${i}\n`)));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `CALL ${i}\n`));
    expect(await roundTrip(port, big)).toBe(big.toUpperCase());
  });
});

describe('the Node.js image modules', () => {
  it('are openwhisk and its production dependencies, from node_modules', async () => {
    const folders = await moduleClosure(REPO_ROOT, ['openwhisk']);
    expect(folders).toContain('node_modules/openwhisk');
    expect(folders).toContain('node_modules/needle');
    expect(folders.every((folder) => folder.startsWith('node_modules/'))).toBe(true);
    // No development tooling rides along.
    expect(folders.some((folder) => /typescript|vitest/.test(folder))).toBe(false);
  });
});
