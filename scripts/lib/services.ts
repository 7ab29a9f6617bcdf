// Brings up the three services Brisk needs on a development or CI machine —
// Postgres, Redis and the Docker engine — when they are not already running.
// Each `ensure*` is idempotent and cheap when the service answers, so
// `npm start`, `.ci/run` and the test harness can all call it unconditionally.
// Only services on this machine are ever started; a remote URL that does not
// answer is an error, never a reason to start something locally.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import pg from 'pg';
import { formatMs, since, type Log } from './progress.js';

export interface ServiceResult {
  service: 'postgres' | 'redis' | 'docker';
  /** True when this call started the service (it was not answering before). */
  started: boolean;
  /** Wall time of the whole call, including waiting for readiness. */
  ms: number;
}

const PG_START_TIMEOUT_MS = 30_000;
const REDIS_START_TIMEOUT_MS = 15_000;
const DOCKER_START_TIMEOUT_MS = 60_000;
const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

// ---------------------------------------------------------------- Postgres

/**
 * Makes sure Postgres answers at `databaseUrl` and that the database named in
 * it exists. Starts the local Debian cluster (`pg_ctlcluster`) if needed.
 */
export async function ensurePostgres(databaseUrl: string, log: Log): Promise<ServiceResult> {
  const t0 = performance.now();
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`ensurePostgres: expected a postgres:// URL, got ${url.protocol}//…`);
  }
  const host = hostOf(url, 'localhost');
  const port = Number(url.port || 5432);
  const where = `${host}:${port}`;
  const admin: pg.ClientConfig = {
    host,
    port,
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database: 'postgres',
    connectionTimeoutMillis: 3000,
  };

  let started = false;
  if (await canConnect(host, port)) {
    log(`postgres: ${where} reachable`);
  } else {
    if (!isLoopback(host)) throw new Error(`postgres: ${where} is not reachable, and it is not on this machine, so it cannot be started here`);
    const cluster = findCluster(port);
    // Starting a cluster that listens elsewhere would only end in a 30 s timeout.
    if (cluster.port !== port) {
      throw new Error(
        `postgres: ${where} is not reachable, and no cluster here is configured for port ${port} (${cluster.version}/main uses ${cluster.port}); fix the URL or the cluster's postgresql.conf`,
      );
    }
    log(`postgres: ${where} not reachable; starting cluster ${cluster.version}/main`);
    const run = spawnSync(cluster.pgctl, ['--skip-systemctl-redirect', cluster.version, 'main', 'start'], { encoding: 'utf8' });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    // "already running" means another caller won the race; just wait for it.
    if (run.status !== 0 && !/already running/i.test(output)) {
      throw new Error(`postgres: pg_ctlcluster ${cluster.version} main start failed (exit ${run.status}): ${output || run.error?.message}`);
    }
    started = true;
  }

  // Even a reachable server may still be starting up (57P03), so always wait.
  const ready = await waitFor(() => postgresAnswers(admin), PG_START_TIMEOUT_MS, 250);
  if (!ready) {
    throw new Error(
      `postgres: nothing accepts connections on ${where} after ${PG_START_TIMEOUT_MS / 1000} s` +
        (started ? ' (see /var/log/postgresql/ for the cluster log)' : ''),
    );
  }
  if (started) log(`postgres: accepting connections after ${formatMs(since(t0))}`);

  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database && database !== 'postgres') {
    const created = await createDatabaseIfMissing(admin, database);
    log(`postgres: database "${database}" ${created ? 'created' : 'exists'}`);
  }
  return { service: 'postgres', started, ms: since(t0) };
}

interface Cluster {
  version: string;
  port: number;
  pgctl: string;
}

/** Picks the Debian cluster to start: the one configured for `port`, else the newest. */
function findCluster(port: number): Cluster {
  const pgctl = findExecutable('pg_ctlcluster');
  let versions: string[] = [];
  try {
    versions = readdirSync('/etc/postgresql')
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    /* no /etc/postgresql: not installed */
  }
  const clusters = versions.flatMap((version) => {
    try {
      const conf = readFileSync(`/etc/postgresql/${version}/main/postgresql.conf`, 'utf8');
      return [{ version, port: Number(/^\s*port\s*=\s*(\d+)/m.exec(conf)?.[1] ?? 5432) }];
    } catch {
      return [];
    }
  });
  const cluster = clusters.find((c) => c.port === port) ?? clusters[0];
  if (!pgctl || !cluster) {
    throw new Error('postgres: not running and not installed here (no pg_ctlcluster or /etc/postgresql/<version>/main): apt-get install -y postgresql');
  }
  return { ...cluster, pgctl };
}

/** True once the server answers the protocol (a login error still proves it is up). */
async function postgresAnswers(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client(config);
  client.on('error', () => {}); // a dropped connection during start-up is expected
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    // Server-side errors carry a SQLSTATE; 57P03 = "the database system is starting up".
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && code !== '57P03';
  } finally {
    await client.end().catch(() => {});
  }
}

async function createDatabaseIfMissing(admin: pg.ClientConfig, name: string): Promise<boolean> {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P04') return false; // duplicate_database: a concurrent caller made it
    throw new Error(`postgres: cannot create database "${name}": ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------- Redis

/**
 * Makes sure Redis answers PING at `redisUrl`; starts a local one if not,
 * keeping its data: an accepted activation is a job in Redis, so a Redis
 * that forgets on restart forgets accepted work. AOF with one fsync a second
 * (at most a second of writes lost to a machine crash, none to a Redis
 * crash), and no eviction, as BullMQ asks of production Redis.
 */
export async function ensureRedis(redisUrl: string, log: Log): Promise<ServiceResult> {
  const t0 = performance.now();
  const url = new URL(redisUrl);
  const host = hostOf(url, '127.0.0.1');
  const port = Number(url.port || 6379);
  const password = decodeURIComponent(url.password);
  const where = `${host}:${port}`;

  if ((await redisPing(host, port, password)) === 'ready') {
    log(`redis: ${where} answers PING`);
    return { service: 'redis', started: false, ms: since(t0) };
  }
  if (!isLoopback(host)) throw new Error(`redis: ${where} is not reachable, and it is not on this machine, so it cannot be started here`);
  const server = findExecutable('redis-server');
  if (!server) throw new Error('redis: not running and not installed here (no redis-server): apt-get install -y redis-server');

  const logFile = logPath(`brisk-redis-${port}.log`);
  const dir = dataPath(`redis-${port}`);
  const durability = ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'];
  const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(port), ...durability, '--logfile', logFile];
  if (password && !url.username) args.push('--requirepass', password);
  log(`redis: ${where} not reachable; starting redis-server --port ${port}, append-only file in ${dir} (log: ${logFile})`);
  const run = spawnSync(server, args, { encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`redis: redis-server failed to start (exit ${run.status}): ${(run.stderr || run.stdout || run.error?.message || '').trim()}`);

  const ready = await waitFor(async () => (await redisPing(host, port, password)) === 'ready', REDIS_START_TIMEOUT_MS, 100);
  if (!ready) throw new Error(`redis: no PING answer on ${where} after ${REDIS_START_TIMEOUT_MS / 1000} s (see ${logFile})`);
  log(`redis: answering after ${formatMs(since(t0))}`);
  return { service: 'redis', started: true, ms: since(t0) };
}

/** One PING over a raw RESP connection — no client library, no retries, no reconnect loop. */
function redisPing(host: string, port: number, password: string): Promise<'ready' | 'down'> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    let buffer = '';
    const done = (result: 'ready' | 'down') => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1500, () => done('down'));
    socket.on('error', () => done('down'));
    socket.on('connect', () => {
      const cmds = password ? [['AUTH', password], ['PING']] : [['PING']];
      socket.write(cmds.map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join(''));
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      // -LOADING means up but not serving yet; an auth error still proves it is up.
      if (/^-LOADING/m.test(buffer)) done('down');
      else if (/^\+PONG/m.test(buffer) || /^-(NOAUTH|WRONGPASS)/m.test(buffer)) done('ready');
    });
  });
}

// ---------------------------------------------------------------- Docker

/** Where the Docker engine listens: `DOCKER_HOST` syntax, default the local socket. */
export type DockerEndpoint = { socketPath: string } | { host: string; port: number; protocol: 'http' };

export function dockerEndpoint(dockerHost = process.env.DOCKER_HOST): DockerEndpoint {
  if (!dockerHost) return { socketPath: DEFAULT_DOCKER_SOCKET };
  if (dockerHost.startsWith('/')) return { socketPath: dockerHost };
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  if (url.protocol === 'tcp:' || url.protocol === 'http:') return { host: hostOf(url, '127.0.0.1'), port: Number(url.port || 2375), protocol: 'http' };
  throw new Error(`docker: unsupported DOCKER_HOST ${dockerHost} (use unix:///path or tcp://host:port)`);
}

/** A dockerode client for `dockerHost` (default: `DOCKER_HOST`, else /var/run/docker.sock). */
export function dockerClient(dockerHost?: string, timeoutMs?: number): Docker {
  return new Docker({ ...dockerEndpoint(dockerHost), ...(timeoutMs ? { timeout: timeoutMs } : {}) });
}

/** Makes sure a Docker engine answers `/_ping`; starts a local `dockerd` without a bridge if not. */
export async function ensureDocker(dockerHost: string | undefined, log: Log): Promise<ServiceResult> {
  const t0 = performance.now();
  const endpoint = dockerEndpoint(dockerHost);
  const where = 'socketPath' in endpoint ? `unix://${endpoint.socketPath}` : `tcp://${endpoint.host}:${endpoint.port}`;
  // A short request timeout: a hung engine must count as "not answering".
  const docker = new Docker({ ...endpoint, timeout: 3000 });
  const answers = () =>
    docker.ping().then(
      () => true,
      () => false,
    );

  if (await answers()) {
    log(`docker: engine answers on ${where}`);
    return { service: 'docker', started: false, ms: since(t0) };
  }
  if (!('socketPath' in endpoint)) throw new Error(`docker: no engine answers on ${where}, and it is not a local socket, so it cannot be started here`);
  const dockerd = findExecutable('dockerd');
  if (!dockerd) throw new Error('docker: engine not running and not installed here (no dockerd): apt-get install -y docker.io');
  if (process.getuid?.() !== 0) throw new Error(`docker: no engine answers on ${where}, and starting dockerd needs root`);

  const logFile = logPath('brisk-dockerd.log');
  let exited: string | undefined;
  const running = livePid('/var/run/docker.pid');
  if (running) {
    // Probably another caller started it a moment ago; a second dockerd would only fail on the pid file.
    log(`docker: dockerd (pid ${running}) is running but not answering on ${where} yet; waiting`);
  } else {
    // No bridge and no iptables: containers get no network at all (DESIGN.md, "This build machine").
    const args = ['--bridge=none', '--iptables=false'];
    if (endpoint.socketPath !== DEFAULT_DOCKER_SOCKET) args.push(`--host=unix://${endpoint.socketPath}`);
    log(`docker: no engine on ${where}; starting dockerd ${args.join(' ')} (log: ${logFile})`);
    const fd = openSync(logFile, 'a');
    const child = spawn(dockerd, args, { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd); // the child holds its own copy
    child.on('error', (err) => {
      exited = err.message;
    });
    child.on('exit', (code, signal) => {
      exited = `exit ${code ?? signal}`;
    });
    child.unref(); // the engine outlives this script
  }

  const ready = await waitFor(
    async () => {
      if (await answers()) return true;
      // It died: fail now rather than after a minute, unless a racing dockerd took over.
      if (exited && !livePid('/var/run/docker.pid')) {
        throw new Error(`docker: dockerd stopped (${exited}) before answering; last lines of ${logFile}:\n${lastLines(logFile, 15)}`);
      }
      return false;
    },
    DOCKER_START_TIMEOUT_MS,
    250,
  );
  if (!ready) {
    throw new Error(
      `docker: no engine answers on ${where} after ${DOCKER_START_TIMEOUT_MS / 1000} s; ` +
        (running
          ? `dockerd pid ${running} was already running: does it listen on another socket (check DOCKER_HOST)?`
          : `last lines of ${logFile}:\n${lastLines(logFile, 15)}`),
    );
  }
  log(`docker: engine answering after ${formatMs(since(t0))}`);
  return { service: 'docker', started: !running, ms: since(t0) };
}

// ---------------------------------------------------------------- helpers

/** Absolute path of an executable on PATH or in the sbin directories (often missing from PATH). */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** Polls `check` until it returns true (→ true) or the time is up (→ false); a throw aborts. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

function hostOf(url: URL, fallback: string): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1') || fallback;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** A data directory of Brisk's, made if need be: under /var/lib/brisk when writable (root), else ~/.local/share/brisk. */
function dataPath(name: string): string {
  let root = path.join(os.homedir(), '.local/share/brisk');
  try {
    accessSync('/var/lib', constants.W_OK);
    root = '/var/lib/brisk';
  } catch {
    // Not root: the user's own data directory.
  }
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A log file under /var/log when writable (root), else under the temp directory. */
function logPath(name: string): string {
  try {
    accessSync('/var/log', constants.W_OK);
    return path.join('/var/log', name);
  } catch {
    return path.join(os.tmpdir(), name);
  }
}

function livePid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!pid) return undefined;
    process.kill(pid, 0); // throws if no such process
    return pid;
  } catch {
    return undefined;
  }
}

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}
