import type { Metadata } from 'next';
import { NotFoundPanel } from '@/components/ui/not-found-panel';

export const metadata: Metadata = { title: 'Not found' };

// Outside the console's layout (no session needed), for what the console's own not-found page does not catch.
export default function RootNotFound() {
  return (
    <main className="signin">
      <NotFoundPanel />
    </main>
  );
}
