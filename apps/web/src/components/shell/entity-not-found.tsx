'use client';
// The not-found page of a detail segment (actions/[...path], packages/[name]…):
// Next gives not-found.tsx no params, so the name comes from the URL.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NotFoundPanel } from '@/components/ui/not-found-panel';

export type NotFoundKind = 'action' | 'package' | 'trigger' | 'rule' | 'activation' | 'deployment';

const KINDS: Record<NotFoundKind, { what: string; list: { href: string; label: string } }> = {
  action: { what: 'Action', list: { href: '/actions', label: 'All actions' } },
  package: { what: 'Package', list: { href: '/packages', label: 'All packages' } },
  trigger: { what: 'Trigger', list: { href: '/triggers', label: 'All triggers' } },
  rule: { what: 'Rule', list: { href: '/rules', label: 'All rules' } },
  activation: { what: 'Activation', list: { href: '/activations', label: 'All activations' } },
  deployment: { what: 'Deployment', list: { href: '/deployments', label: 'All deployments' } },
};

/** What follows the section in the URL, decoded: "pkg/name" for /actions/pkg/name. */
function nameFromPath(pathname: string): string {
  const parts = pathname.split('/').filter(Boolean).slice(1);
  return parts
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    })
    .join('/');
}

export function EntityNotFound({ kind, name }: { kind: NotFoundKind; name?: string }) {
  const pathname = usePathname();
  const shown = name ?? nameFromPath(pathname);
  const { what, list } = KINDS[kind];
  return (
    <NotFoundPanel what={what} name={shown} list={list}>
      {kind === 'action' && shown && (
        <li>
          <Link href={`/actions/new?name=${encodeURIComponent(shown)}`}>Create action {shown}</Link>
        </li>
      )}
    </NotFoundPanel>
  );
}
