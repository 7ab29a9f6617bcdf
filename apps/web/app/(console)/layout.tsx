import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { currentCaller } from '@/server/current-caller';

export const dynamic = 'force-dynamic';

/** Every console page needs a session; without one, sign in first. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const caller = await currentCaller();
  if (!caller) redirect('/login');
  return <ConsoleShell namespace={caller.namespace}>{children}</ConsoleShell>;
}
