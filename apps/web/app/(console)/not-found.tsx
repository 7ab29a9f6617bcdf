import { NotFoundPanel } from '@/components/ui/not-found-panel';

// Unknown console URLs (see [...missing]/page.tsx) land here, inside the shell, with ways onward.
export default function ConsoleNotFound() {
  return <NotFoundPanel />;
}
