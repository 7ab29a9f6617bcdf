// Starts one real Brisk for the whole browser test run and stops it after.
// Tests find it in process.env.BRISK_E2E (inherited by Playwright's workers).
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 180_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'e2e/support/brisk-server.ts')], {
    cwd: ROOT,
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Brisk did not start within ${START_TIMEOUT_MS} ms:\n${output.slice(-3000)}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^BRISK_READY (.+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Brisk exited (${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
  process.env.BRISK_E2E = endpoint;
  console.log(`[e2e] Brisk is up at ${(JSON.parse(endpoint) as { url: string }).url}`);

  return async () => {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  };
}
