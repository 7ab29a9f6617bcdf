import { notFound } from 'next/navigation';

// Any URL no other page matches: without this, Next renders the root
// not-found page, outside the console's layout (no navigation). Through
// here it is the console's not-found page, in the shell, with status 404.
export default function MissingPage() {
  notFound();
}
