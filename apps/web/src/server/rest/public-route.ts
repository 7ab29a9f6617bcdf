// The builder for public routes (web actions): like restRoute, but nobody is
// authenticated here — the handler decides what a request may do — and the
// body arrives as bytes, within the route's size limit. Errors go through the
// same mapping as every other route.
import { webContext, type WebContext } from '../context';
import { readBodyBytes } from './body';
import { responseForError } from './errors';

export interface PublicRouteInput<Params> {
  request: Request;
  url: URL;
  params: Params;
  /** The raw body; empty when there is none. */
  body: Buffer;
  context: WebContext;
}

export interface PublicRouteSpec<Params> {
  maxBodyBytes: number;
  /** Headers every error answer carries (e.g. CORS, so browsers can read the error). */
  errorHeaders?: Record<string, string>;
  handler: (input: PublicRouteInput<Params>) => Promise<Response>;
}

export function publicRoute<Params>(spec: PublicRouteSpec<Params>) {
  return async (request: Request, segment: { params: Promise<Params> }): Promise<Response> => {
    try {
      const body = await readBodyBytes(request, spec.maxBodyBytes);
      return await spec.handler({ request, url: new URL(request.url), params: await segment.params, body, context: webContext() });
    } catch (error) {
      return responseForError(error, { headers: spec.errorHeaders ?? {} });
    }
  };
}
