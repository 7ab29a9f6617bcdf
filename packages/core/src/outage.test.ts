// The outage classifier against real failures of the real clients: Prisma and
// node-postgres with nothing listening, a server that hangs up, a backend
// Postgres terminates; ioredis with nothing listening and after quit.
import net from 'node:net';
import { createDb } from '@brisk/db';
import { databaseUrl } from '@brisk/testing/database';
import { TEST_REDIS_URL } from '@brisk/testing/redis';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badRequest, notFound, unavailable } from './errors.ts';
import { asOutage, outageService } from './outage.ts';

/** What a promise rejects with (the test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

let closedPort = 0;
let hangUp: net.Server;
let hangUpPort = 0;

beforeAll(async () => {
  // A port nothing listens on: bind, note, close.
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  // A server that accepts a connection and ends it at the first byte, as a dying server does.
  hangUp = net.createServer((socket) => socket.once('data', () => socket.end())).listen(0, '127.0.0.1');
  await new Promise((resolve) => hangUp.once('listening', resolve));
  hangUpPort = (hangUp.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((resolve) => hangUp.close(resolve)));

describe('Postgres unreachable', () => {
  it('is an outage in Prisma queries, raw queries and transactions (P1001, P2010 with DatabaseNotReachable)', async () => {
    const db = createDb(`postgresql://postgres@127.0.0.1:${closedPort}/postgres`, { poolSize: 1 });
    try {
      const errors = [
        await rejection(db.namespace.findFirst()),
        await rejection(db.$queryRaw`SELECT 1`),
        await rejection(db.$transaction(async (tx) => tx.namespace.findFirst())),
      ];
      expect((errors[0] as { code?: string }).code).toBe('P1001');
      for (const error of errors) {
        expect(outageService(error)).toBe('Postgres');
        expect(asOutage(error)).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/Postgres.*unavailable/) });
      }
    } finally {
      await db.$disconnect();
    }
  });

  it('is an outage when the server hangs up (Prisma and node-postgres: "Connection terminated unexpectedly")', async () => {
    const db = createDb(`postgresql://postgres@127.0.0.1:${hangUpPort}/postgres`, { poolSize: 1 });
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${hangUpPort}/postgres`, max: 1 });
    try {
      for (const error of [await rejection(db.namespace.findFirst()), await rejection(pool.query('SELECT 1'))]) {
        expect(outageService(error), String(error)).toBe('Postgres');
      }
    } finally {
      await db.$disconnect();
      await pool.end();
    }
  });

  it('is an outage for node-postgres refused a connection (ECONNREFUSED)', async () => {
    const pool = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${closedPort}/postgres`, max: 1 });
    try {
      const error = await rejection(pool.query('SELECT 1'));
      expect((error as { code?: string }).code).toBe('ECONNREFUSED');
      expect(outageService(error)).toBe('Postgres');
    } finally {
      await pool.end();
    }
  });

  it('is an outage when Postgres terminates the connection (SQLSTATE 57P01), and a bad query is not', async () => {
    const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
    const victim = new pg.Client({ connectionString: databaseUrl('postgres') });
    await Promise.all([admin.connect(), victim.connect()]);
    victim.on('error', () => undefined);
    try {
      const syntax = await rejection(victim.query('SELEC 1'));
      expect(asOutage(syntax)).toBeUndefined();
      const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const running = rejection(victim.query('SELECT pg_sleep(10)'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      const terminated = await running;
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(outageService(terminated)).toBe('Postgres');
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });
});

describe('a statement past its time limit', () => {
  it('is a 503 that says the query was cancelled (SQLSTATE 57014), through Prisma and node-postgres', async () => {
    const db = createDb(databaseUrl('postgres'), { poolSize: 1, statementTimeoutMs: 50 });
    try {
      const viaPrisma = await rejection(db.$queryRaw`SELECT pg_sleep(1)`);
      expect(asOutage(viaPrisma)).toMatchObject({
        kind: 'unavailable',
        message: expect.stringMatching(/^The query ran past its time limit and was cancelled/),
      });
    } finally {
      await db.$disconnect();
    }
    const client = new pg.Client({ connectionString: databaseUrl('postgres'), statement_timeout: 50 });
    await client.connect();
    try {
      expect(asOutage(await rejection(client.query('SELECT pg_sleep(1)')))?.message).toMatch(/cancelled/);
    } finally {
      await client.end();
    }
  });
});

describe('Redis unreachable', () => {
  it('is an outage when retries run out (MaxRetriesPerRequestError)', async () => {
    const redis = new Redis(`redis://127.0.0.1:${closedPort}`, { maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    redis.on('error', () => undefined);
    try {
      const error = await rejection(redis.get('key'));
      expect((error as Error).name).toBe('MaxRetriesPerRequestError');
      expect(outageService(error)).toBe('Redis');
      expect(asOutage(error)?.message).toMatch(/Redis.*unavailable/);
    } finally {
      redis.disconnect();
    }
  });

  it('is an outage on a closed connection ("Connection is closed.")', async () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    await redis.ping();
    await redis.quit();
    const error = await rejection(redis.get('key'));
    expect((error as Error).message).toBe('Connection is closed.');
    expect(outageService(error)).toBe('Redis');
  });
});

describe('everything else', () => {
  it('is not an outage: domain errors, bugs, errors that merely mention a code', () => {
    expect(asOutage(notFound())).toBeUndefined();
    expect(asOutage(badRequest('ECONNREFUSED'))).toBeUndefined();
    expect(asOutage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(asOutage(new Error('P1001'))).toBeUndefined();
    expect(asOutage(undefined)).toBeUndefined();
    expect(asOutage('Connection is closed.')).toBeUndefined();
  });

  it('keeps an unavailable BriskError as it is, and follows causes', () => {
    const given = unavailable('Deployments are not configured.');
    expect(asOutage(given)).toBe(given);
    expect(outageService(new Error('wrapped', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }))).toBe('Postgres');
  });
});
