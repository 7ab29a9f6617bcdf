// Reads a request body (JSON, or bytes) with a size limit, so an oversized
// upload is refused with 413 as soon as it passes the limit rather than
// buffered whole.
import { badRequest, MB, tooLarge } from '@brisk/core';

export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  return parseJsonBody(await readBodyBytes(request, maxBytes), maxBytes);
}

/** Reads the body as bytes (empty when there is none), refusing more than `maxBytes` with 413. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  assertDeclaredSize(request.headers.get('content-length'), maxBytes);
  if (!request.body) return Buffer.alloc(0);

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(bodyTooLargeMessage(total, maxBytes));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Parses a body already read (at most `maxBytes + 1` of it) as JSON; empty is undefined. */
export function parseJsonBody(bytes: Buffer, maxBytes: number, declaredLength?: string | null): unknown {
  assertDeclaredSize(declaredLength ?? null, maxBytes);
  if (bytes.length > maxBytes) throw tooLarge(bodyTooLargeMessage(bytes.length, maxBytes));
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request content was malformed: ${(error as Error).message}`);
  }
}

function assertDeclaredSize(header: string | null, maxBytes: number): void {
  const declared = Number(header ?? NaN);
  if (declared > maxBytes) throw tooLarge(bodyTooLargeMessage(declared, maxBytes));
}

function bodyTooLargeMessage(bytes: number, maxBytes: number): string {
  const size = bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${bytes} bytes`;
  return `The request content is ${size} or more; the limit here is ${(maxBytes / MB).toFixed(0)} MB.`;
}
