// Server-side existence checks for the console's detail pages. The pages load
// their data in the browser through tRPC, so without a check here a missing
// action would be an HTTP 200 page with an error in it; with it, the page
// answers 404 and renders the segment's not-found.tsx.
import { TRPCError } from '@trpc/server';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { webContext } from './context';
import { SESSION_COOKIE } from './session';
import { appRouter } from './trpc/root';
import { createCallerFactory } from './trpc/trpc';

const createCaller = createCallerFactory(appRouter);

type Lookup = (caller: ReturnType<typeof createCaller>) => Promise<unknown>;

/**
 * True unless the lookup says the entity is not there: NOT_FOUND, or
 * BAD_REQUEST for a name or id that could never exist (a URL naming no
 * entity is not found either). Anything else (no session, an outage) is
 * left to the page, which shows it as it does today.
 */
async function exists(lookup: Lookup): Promise<boolean> {
  const sessionToken = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!sessionToken) return true;
  // Server components cannot set headers, so a cookie or Retry-After a procedure sets is dropped.
  const caller = createCaller({ web: webContext(), sessionToken, secure: false, resHeaders: new Headers(), origin: '' });
  try {
    await lookup(caller);
    return true;
  } catch (error) {
    return !(error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST'));
  }
}

/** Keyed by the arguments, so generateMetadata and the page share one lookup per request. */
const existsCached = cache((kind: EntityKind, key: string) => exists(LOOKUPS[kind](key)));

export type EntityKind = 'action' | 'package' | 'trigger' | 'rule' | 'activation' | 'deployment';

const LOOKUPS: Record<EntityKind, (key: string) => Lookup> = {
  action: (path) => (caller) => caller.actions.get({ path }),
  package: (name) => (caller) => caller.packages.get({ name }),
  trigger: (name) => (caller) => caller.triggers.get({ name }),
  rule: (name) => (caller) => caller.rules.get({ name }),
  activation: (activationId) => (caller) => caller.activations.get({ activationId }),
  deployment: (id) => (caller) => caller.deployments.get({ id }),
};

/** Whether the signed-in namespace has this entity (true when that cannot be told). */
export function entityExists(kind: EntityKind, key: string): Promise<boolean> {
  return existsCached(kind, key);
}

/** Renders the segment's not-found page, with status 404, when the entity does not exist. */
export async function notFoundUnlessExists(kind: EntityKind, key: string): Promise<void> {
  if (!(await entityExists(kind, key))) notFound();
}
