// The signed-in namespace's own settings: its limits (read-only: operators set
// them with `npm run admin`) and its keys, which the console can create,
// revoke and rotate. Over the same core admin services as the CLI and the
// admin API, always scoped to the session's namespace.
import { conflict, createKey, getLimitsById, listKeys, revokeKey, rotateKey } from '@brisk/core';
import { z } from 'zod';
import { adminDeps } from '@/server/context';
import { createSession, deleteSession, sessionCookieHeader } from '@/server/session';
import { createTRPCRouter, protectedProcedure } from '../../trpc';

export const revokeKeyInput = z.object({
  uuid: z.string().max(200),
  /** Revoking the key this session signed in with ends the session: the console asks first and says so here. */
  endSession: z.boolean().default(false),
});

export const namespaceRouter = createTRPCRouter({
  limits: protectedProcedure.query(async ({ ctx }) => {
    const { effective, own, defaults, size } = await getLimitsById(ctx.web.deps.db, ctx.caller.namespaceId);
    return { effective, own, defaults, size };
  }),

  keys: protectedProcedure.query(async ({ ctx }) =>
    (await listKeys(ctx.web.deps.db, ctx.caller.namespace)).map((key) => ({ ...key, current: key.uuid === ctx.sessionKeyUuid })),
  ),

  /** A new key of the namespace, in clear only in this answer. */
  createKey: protectedProcedure.mutation(async ({ ctx }) => {
    const { uuid, key } = await createKey(ctx.web.deps.db, ctx.caller.namespace);
    return { uuid, key };
  }),

  revokeKey: protectedProcedure.input(revokeKeyInput).mutation(async ({ ctx, input }) => {
    const current = input.uuid.toLowerCase() === ctx.sessionKeyUuid;
    if (current && !input.endSession) {
      throw conflict('This is the key this session signed in with: revoking it signs you out. Rotate it instead, or confirm that you want to be signed out.');
    }
    const revoked = await revokeKey(adminDeps(ctx.web), input.uuid, { namespaceId: ctx.caller.namespaceId });
    if (current) {
      await deleteSession(ctx.web.deps, ctx.sessionToken);
      ctx.resHeaders.append('set-cookie', sessionCookieHeader(undefined, { secure: ctx.secure }));
    }
    return { uuid: revoked.uuid, signedOut: current };
  }),

  /**
   * Replaces the key this session signed in with: a new key (shown once), the
   * session moved onto it, the old key revoked, so the console stays signed in.
   */
  rotateKey: protectedProcedure.mutation(async ({ ctx }) => {
    const rotated = await rotateKey(adminDeps(ctx.web), ctx.caller.namespaceId, ctx.sessionKeyUuid);
    const token = await createSession(ctx.web.deps, ctx.caller, rotated.uuid);
    ctx.resHeaders.append('set-cookie', sessionCookieHeader(token, { secure: ctx.secure }));
    await deleteSession(ctx.web.deps, ctx.sessionToken);
    return { uuid: rotated.uuid, key: rotated.key, revoked: rotated.revoked };
  }),
});
