'use client';
// What a page shows when what its URL names does not exist: what was not
// found, by name, and where to go from here.
import Link from 'next/link';
import { type ReactNode, useEffect, useId } from 'react';

export const NOT_FOUND_TITLE = 'Not found · Brisk';

/** The ways onward every not-found page offers besides its own. */
const ONWARD = [
  { href: '/actions', label: 'Actions' },
  { href: '/activations', label: 'Activations' },
  { href: '/dashboard', label: 'Dashboard' },
];

export function NotFoundPanel(props: {
  /** "Action", "Package"…; undefined for a URL that names no page at all. */
  what?: string;
  name?: string;
  /** The list this entity would be in. */
  list?: { href: string; label: string };
  /** More ways onward, first in the list (e.g. "Create action x"). */
  children?: ReactNode;
}) {
  const headingId = useId();
  // The metadata named the entity; in the browser's history and tabs this page is a "Not found".
  useEffect(() => {
    document.title = NOT_FOUND_TITLE;
  }, []);
  const onward = ONWARD.filter((link) => link.href !== props.list?.href);
  return (
    <div className="page">
      <section className="panel not-found" aria-labelledby={headingId} data-testid="not-found">
        <h1 id={headingId}>{props.what ? `${props.what} not found` : 'Page not found'}</h1>
        <p className="subtle">
          {props.what && props.name !== undefined ? (
            <>
              There is no {props.what.toLowerCase()} <code>{props.name}</code> in this namespace. It may have been deleted or renamed.
            </>
          ) : (
            'There is no page at this address.'
          )}
        </p>
        <nav aria-label="Ways onward">
          <ul className="not-found-links">
            {props.children}
            {props.list && (
              <li>
                <Link href={props.list.href}>{props.list.label}</Link>
              </li>
            )}
            {onward.map((link) => (
              <li key={link.href}>
                <Link href={link.href}>{link.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </section>
    </div>
  );
}

/** Whether a tRPC error means the URL's entity is not there (as the server's page check decides). */
export function isNotFoundError(error: unknown): boolean {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  return code === 'NOT_FOUND' || code === 'BAD_REQUEST';
}
