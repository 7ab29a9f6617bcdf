// Signing in with an API key, signing out, and who is signed in.
import { parseApiKey, unauthorized } from '@brisk/core';
import { z } from 'zod';
import { apiKeySchema } from '@/lib/forms';
import { createSession, deleteSession, sessionCookieHeader } from '@/server/session';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '../../trpc';

export const signInInput = z.object({ key: apiKeySchema });

export const sessionRouter = createTRPCRouter({
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const key = parseApiKey(input.key);
    const caller = await ctx.web.auth.authenticate(key);
    if (!key) throw unauthorized();
    const token = await createSession(ctx.web.deps, caller, key.uuid);
    ctx.resHeaders.append('set-cookie', sessionCookieHeader(token, { secure: ctx.secure }));
    return { namespace: caller.namespace };
  }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await deleteSession(ctx.web.deps, ctx.sessionToken);
    ctx.resHeaders.append('set-cookie', sessionCookieHeader(undefined, { secure: ctx.secure }));
    return { signedOut: true };
  }),

  me: protectedProcedure.query(({ ctx }) => ({ namespace: ctx.caller.namespace })),
});
