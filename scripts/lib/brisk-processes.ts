// The processes `npm start` runs, and `npm run worker` adds one of: the
// environment they share and how each is spawned.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { config, REPO_ROOT } from './config.ts';
import type { Log } from './progress.ts';
import { Supervisor } from './supervisor.ts';
import { ensureSecretsKey } from './secrets-key.ts';

export function processEnv(log: Log): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    BRISK_SECRETS_KEY: ensureSecretsKey(log),
    // The worker passes actions' calls to the API (__OW_API_HOST) on to the web app.
    BRISK_API_URL: process.env.BRISK_API_URL ?? `http://${config.host}:${config.port}`,
  };
}

/** apps/web/server.ts: Next.js with the invoke fast path (like `next start` otherwise). */
export function spawnWeb(env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/web/server.ts'), '--port', String(config.port), '--hostname', config.host], {
    cwd: path.join(REPO_ROOT, 'apps/web'),
    env: { ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function spawnWorker(env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'apps/worker/src/main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A supervisor that gives up by exiting non-zero with its reason. */
export function exitingSupervisor(): Supervisor {
  return new Supervisor({
    log: (line) => console.log(line),
    onGiveUp: (reason) => {
      console.error(`[brisk] stopped: ${reason}`);
      process.exit(1);
    },
  });
}

/** Stops the supervised processes on Ctrl-C or SIGTERM, then exits. */
export function stopOnSignal(supervisor: Supervisor): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void supervisor.stop().then(() => process.exit(0));
    });
  }
}
