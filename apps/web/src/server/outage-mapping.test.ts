// Both mappers answer an outage (here: real connection errors of Prisma and
// ioredis pointed at a closed port) with 503 / SERVICE_UNAVAILABLE, Retry-After
// and a message naming the service; other errors keep their statuses.
import net from 'node:net';
import { notFound } from '@brisk/core';
import { createDb } from '@brisk/db';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { responseForError } from './rest/errors';
import type { ConsoleContext } from './trpc/trpc';
import { createCallerFactory, createTRPCRouter, publicProcedure } from './trpc/trpc';

let closedPort = 0;
const errors: Record<'postgres' | 'redis', unknown> = { postgres: undefined, redis: undefined };

beforeAll(async () => {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const db = createDb(`postgresql://postgres@127.0.0.1:${closedPort}/postgres`, { poolSize: 1 });
  errors.postgres = await db.namespace.findFirst().catch((error: unknown) => error);
  await db.$disconnect();
  const redis = new Redis(`redis://127.0.0.1:${closedPort}`, { maxRetriesPerRequest: 1, retryStrategy: () => 20 });
  redis.on('error', () => undefined);
  errors.redis = await redis.get('key').catch((error: unknown) => error);
  redis.disconnect();
});

describe('the REST mapper', () => {
  it.each([
    ['postgres', /Postgres/],
    ['redis', /Redis/],
  ] as const)('answers %s unreachable with 503, Retry-After and the service', async (service, names) => {
    const response = responseForError(errors[service], { headers: { 'access-control-allow-origin': '*' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { error: string; code: string };
    expect(body.error).toMatch(names);
    expect(body.error).toMatch(/unavailable/);
    expect(body.code).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps domain errors and answers bugs with 500, without Retry-After', () => {
    expect(responseForError(notFound()).status).toBe(404);
    const bug = responseForError(new TypeError('x is undefined'));
    expect(bug.status).toBe(500);
    expect(bug.headers.get('retry-after')).toBeNull();
  });
});

describe('the tRPC mapper', () => {
  const router = createTRPCRouter({
    fails: publicProcedure.query(() => {
      throw errors.postgres;
    }),
    failsRedis: publicProcedure.query(() => {
      throw errors.redis;
    }),
    subscriptionFails: publicProcedure.subscription(async function* () {
      yield 1;
      throw notFound('There is no such activation.');
    }),
  });
  const context = () => ({ resHeaders: new Headers() }) as unknown as ConsoleContext;

  it.each([
    ['fails', /Postgres/],
    ['failsRedis', /Redis/],
  ] as const)('answers %s with SERVICE_UNAVAILABLE and Retry-After', async (name, names) => {
    const ctx = context();
    const error = await createCallerFactory(router)(ctx)
      [name]()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect((error as TRPCError).message).toMatch(names);
    expect(ctx.resHeaders.get('retry-after')).toBe('5');
  });

  it("maps a subscription's error thrown while it runs (NOT_FOUND, not INTERNAL_SERVER_ERROR)", async () => {
    const events = (await createCallerFactory(router)(context()).subscriptionFails()) as AsyncIterable<number>;
    const seen: number[] = [];
    const error = await (async () => {
      for await (const event of events) seen.push(event);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual([1]);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
  });
});
