// An /api URL that is neither the REST API (/api/v1) nor the console's tRPC
// (/api/trpc): a JSON 404, as the REST API answers unknown paths. Without it
// the console's catch-all page would take the URL and redirect a client
// without a session to the sign-in page.
export const dynamic = 'force-dynamic';

function handle(): Response {
  return Response.json({ error: 'The requested resource does not exist.' }, { status: 404 });
}

export { handle as DELETE, handle as GET, handle as HEAD, handle as OPTIONS, handle as PATCH, handle as POST, handle as PUT };
