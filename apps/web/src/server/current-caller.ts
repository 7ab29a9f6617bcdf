// The signed-in namespace for server components (layouts, pages).
import type { Caller } from '@brisk/core';
import { cookies } from 'next/headers';
import { webContext } from './context';
import { readSession, SESSION_COOKIE } from './session';

export async function currentCaller(): Promise<Caller | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return (await readSession(webContext().deps, token))?.caller;
}

/** Where to go after signing in: a path on this site, never another origin. */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value?.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/actions';
}
