// `npm run compose:smoke`: brings docker-compose.yml up for real (images
// built or brought up to date first, as `npm run images` does), with two
// workers, then through the web container's published port creates and
// invokes an action, checks the activation record, the admin API, the
// console's sign-in page and both workers' series in /metrics, and
// takes everything down again: the compose project (containers, network,
// volumes), the action containers its workers left, and its channel folder.
// Bounded: each step has a deadline, the whole run BRISK_SMOKE_TIMEOUT_MS (6 min).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { appBaseImage, ensureAppImages } from './lib/app-images.ts';
import { REPO_ROOT } from './lib/config.ts';
import { formatMs, since } from './lib/progress.ts';
import { ensureBaseImages } from './lib/runtime-images.ts';
import { loadRuntimeManifest } from './lib/runtime-manifest.ts';
import { dockerClient, ensureDocker, findExecutable } from './lib/services.ts';
import { ensureWebBuild } from './lib/web-build.ts';

const WORKERS = 2;
const log = (line: string) => console.log(`[smoke] ${line}`);
const t0 = performance.now();
const overall = Number(process.env.BRISK_SMOKE_TIMEOUT_MS ?? 360_000);
const timings: [string, number][] = [];
const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await work();
  timings.push([name, since(start)]);
  log(`${name}: ${formatMs(since(start))}`);
  return result;
};

const id = randomBytes(4).toString('hex');
const project = `brisk-smoke-${id}`;
const prefix = `smoke-${id}`;
// The channel root is a host path the workers mount at the same path; its own, so nothing is shared with other workers here.
const scratch = mkdtempSync(path.join(os.tmpdir(), `${project}-`));
const socketRoot = path.join(scratch, 'sockets');
const guestKey = `${randomUUID()}:${randomBytes(32).toString('hex')}`;
const adminToken = randomBytes(24).toString('hex');
const docker = dockerClient(process.env.DOCKER_HOST);

const deadline = setTimeout(() => {
  console.error(`[smoke] failed: not done within ${formatMs(overall)}; cleaning up`);
  void cleanUp().finally(() => process.exit(1));
}, overall);

let failed = false;
try {
  if (!findExecutable('docker-compose')) throw new Error('docker-compose is not installed: apt-get install -y docker-compose');
  log(`compose project ${project}, Redis prefix ${prefix}, channel root ${socketRoot}`);
  await ensureDocker(process.env.DOCKER_HOST, log);
  await step('images', async () => {
    const manifest = loadRuntimeManifest(REPO_ROOT);
    await ensureBaseImages(docker, manifest, log);
    await ensureWebBuild(log);
    await ensureAppImages(docker, appBaseImage(manifest), log);
  });
  const port = await freePort();
  const env = {
    ...process.env,
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    BRISK_SECRETS_KEY: randomBytes(32).toString('base64'),
    BRISK_GUEST_KEY: guestKey,
    BRISK_ADMIN_TOKEN: adminToken,
    BRISK_REDIS_PREFIX: prefix,
    BRISK_SOCKET_ROOT: socketRoot,
    BRISK_WEB_PORT: String(port),
    BRISK_POOL_MEMORY_MB: '1024',
  };
  const base = `http://127.0.0.1:${port}`;
  await step(`compose up (${WORKERS} workers)`, () => compose(['up', '-d', '--scale', `worker=${WORKERS}`], env, 240_000));
  await step('web answers', () => waitFor(`${base}/api/v1`, 120_000));
  const auth = `Basic ${Buffer.from(guestKey).toString('base64')}`;
  await step('create an action', async () => {
    const response = await fetch(`${base}/api/v1/namespaces/_/actions/smoke-hello`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ exec: { kind: 'nodejs:default', code: 'function main(p) { console.log("hi " + p.name); return { hello: p.name } }' } }),
    });
    expectStatus(response, 200, await response.text());
  });
  const activationId = await step('invoke it (blocking)', async () => {
    const response = await fetch(`${base}/api/v1/namespaces/_/actions/smoke-hello?blocking=true`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'compose' }),
    });
    const text = await response.text();
    expectStatus(response, 200, text);
    const record = JSON.parse(text) as { activationId: string; response: { success: boolean; result: unknown }; logs: string[] };
    if (!record.response.success || JSON.stringify(record.response.result) !== '{"hello":"compose"}') throw new Error(`unexpected activation: ${text}`);
    if (!record.logs.some((line) => line.endsWith('stdout: hi compose'))) throw new Error(`the activation's logs lack the action's line: ${text}`);
    return record.activationId;
  });
  await step('read the record back', async () => {
    const response = await fetch(`${base}/api/v1/namespaces/_/activations/${activationId}`, { headers: { authorization: auth } });
    expectStatus(response, 200, await response.text());
  });
  await step('admin API with the token', async () => {
    const response = await fetch(`${base}/api/v1/admin/namespaces`, { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await response.text();
    expectStatus(response, 200, text);
    if (!text.includes('"guest"')) throw new Error(`the admin API's namespaces lack guest: ${text}`);
  });
  await step('console sign-in page', async () => {
    const response = await fetch(`${base}/login`);
    const text = await response.text();
    expectStatus(response, 200, text);
    if (!text.includes('<html')) throw new Error(`/login is not a page: ${text.slice(0, 200)}`);
  });
  await step(`${WORKERS} workers in /metrics`, async () => {
    // Each worker publishes its pool to Redis every 5 s; /metrics merges them, one `worker` label each.
    const until = Date.now() + 30_000;
    let workers = new Set<string>();
    while (Date.now() < until) {
      const text = await (await fetch(`${base}/metrics`)).text();
      workers = new Set([...text.matchAll(/^brisk_pool_memory_budget_bytes\{[^}]*worker="([^"]+)"/gm)].map((m) => m[1] ?? ''));
      if (workers.size === WORKERS) return;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    throw new Error(`/metrics shows ${workers.size} workers (${[...workers].join(', ')}), not ${WORKERS}`);
  });
} catch (error) {
  failed = true;
  console.error(`[smoke] failed: ${error instanceof Error ? error.message : String(error)}`);
  await compose(['logs', '--no-color', '--tail', '40'], process.env, 60_000, true).catch(() => {});
} finally {
  await step('compose down and clean up', cleanUp);
  clearTimeout(deadline);
  console.log('\ncompose smoke test:');
  for (const [name, ms] of timings) console.log(`  ${name.padEnd(28)} ${formatMs(ms).padStart(9)}`);
  console.log(`  total ${formatMs(since(t0))}  ${failed ? 'FAILED' : 'passed'}`);
  process.exit(failed ? 1 : 0);
}

async function cleanUp(): Promise<void> {
  await compose(['down', '--volumes', '--remove-orphans', '--timeout', '30'], { ...process.env, ...placeholders() }, 120_000).catch((error) =>
    console.error(`[smoke] compose down: ${error instanceof Error ? error.message : String(error)}`),
  );
  // A worker stopped before it removed its action containers leaves them; they carry its Redis prefix.
  const left = await docker.listContainers({ all: true, filters: { label: [`brisk.cluster=${prefix}`] } });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => {}),
    ),
  );
  rmSync(scratch, { recursive: true, force: true });
}

/** `down` needs the file to parse, so the required variables get any value. */
function placeholders(): NodeJS.ProcessEnv {
  return { POSTGRES_PASSWORD: 'down', BRISK_SECRETS_KEY: 'down', BRISK_SOCKET_ROOT: socketRoot };
}

function compose(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, show = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker-compose', ['-p', project, '-f', path.join(REPO_ROOT, 'docker-compose.yml'), ...args], {
      env: { ...env, COMPOSE_INTERACTIVE_NO_CLI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const relay = (chunk: Buffer) => {
      output += chunk.toString();
      if (show) process.stdout.write(chunk);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`docker-compose ${args[0]} failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`${url} did not answer within ${formatMs(timeoutMs)} (last: ${last})`);
}

function expectStatus(response: Response, status: number, body: string): void {
  if (response.status !== status) throw new Error(`${response.url}: HTTP ${response.status}, expected ${status}: ${body.slice(0, 500)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
