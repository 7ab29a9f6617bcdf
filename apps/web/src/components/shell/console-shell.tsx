'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Fragment, type JSX, type ReactNode, type SVGProps } from 'react';
import { BoltLogo, IconBolt, IconChart, IconCode, IconGitBranch, IconKey, IconList, IconPackage, IconRule } from '@/components/ui/icons';
import { trpc } from '@/trpc/react';
import { NamespaceContext } from './namespace-context';

/** The sidebar's links; `section` starts a new group above the link. */
const NAV: { href: string; label: string; icon: (props: SVGProps<SVGSVGElement>) => JSX.Element; section?: string }[] = [
  { href: '/dashboard', label: 'Dashboard', icon: IconChart, section: 'Functions' },
  { href: '/actions', label: 'Actions', icon: IconCode },
  { href: '/packages', label: 'Packages', icon: IconPackage },
  { href: '/triggers', label: 'Triggers', icon: IconBolt },
  { href: '/rules', label: 'Rules', icon: IconRule },
  { href: '/activations', label: 'Activations', icon: IconList },
  { href: '/deployments', label: 'Deployments', icon: IconGitBranch },
  { href: '/settings', label: 'Settings', icon: IconKey, section: 'Namespace' },
];

function crumbs(pathname: string): string[] {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const section = NAV.find((item) => item.href === `/${parts[0] ?? ''}`)?.label;
  return section ? [section, ...parts.slice(1)] : parts;
}

export function ConsoleShell({ namespace, children }: { namespace: string; children: ReactNode }) {
  const pathname = usePathname();
  const signOut = trpc.session.signOut.useMutation({ onSettled: () => window.location.assign('/login') });
  const trail = crumbs(pathname);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Console">
        <Link href="/actions" className="brand" style={{ textDecoration: 'none' }}>
          <BoltLogo /> Brisk
        </Link>
        {NAV.map(({ href, label, icon: Icon, section }) => (
          <Fragment key={href}>
            {section && <div className="nav-section">{section}</div>}
            <Link href={href} className="nav-link" aria-current={pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined}>
              <Icon /> {label}
            </Link>
          </Fragment>
        ))}
        <div className="sidebar-foot">OpenWhisk API at /api/v1</div>
      </nav>
      <header className="topbar">
        <nav className="crumbs" aria-label="Breadcrumb">
          {trail.map((part, index) => (
            <span key={trail.slice(0, index + 1).join('/')} style={{ display: 'contents' }}>
              {index > 0 && <span className="faint">/</span>}
              <span style={index === trail.length - 1 ? { color: 'var(--text)', fontWeight: 600 } : undefined}>{part}</span>
            </span>
          ))}
        </nav>
        <div className="spacer" />
        <span className="namespace-pill" title="The namespace this session is signed in to" data-testid="namespace">
          namespace <strong>{namespace}</strong>
        </span>
        <button className="btn btn-sm" type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </button>
      </header>
      <main className="main">
        <NamespaceContext.Provider value={namespace}>{children}</NamespaceContext.Provider>
      </main>
    </div>
  );
}
