import Link from 'next/link';

/** A rule's trigger or action: a link to its page when the console has one, else its name. */
export function RefLink({ href, text }: { href: string | undefined; text: string }) {
  return href ? (
    <Link className="mono" href={href}>
      {text}
    </Link>
  ) : (
    <span className="mono">{text}</span>
  );
}
