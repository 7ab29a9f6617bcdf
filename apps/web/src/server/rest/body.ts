// Request bodies within a size limit: an oversized upload is refused with 413
// as soon as it passes the limit rather than buffered whole.
import { MB, parseJsonInput, tooLarge } from '@brisk/core';

/** Reads a web Request's body as bytes (empty when there is none), refusing more than `maxBytes` with 413. */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Buffer> {
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

/** Reads a Node request's body, refusing more than `maxBytes` with 413 (the rest is drained, so the connection stays usable). */
export async function readStreamBody(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length <= maxBytes) chunks.push(chunk);
  }
  if (length > maxBytes) throw tooLarge(bodyTooLargeMessage(length, maxBytes));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
}

/** A body as JSON; empty is undefined, anything else that does not parse, or is nested too deep, is 400. */
export function parseJsonBody(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  return parseJsonInput(text);
}

export function bodyTooLargeMessage(bytes: number, maxBytes: number): string {
  const size = bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${bytes} bytes`;
  return `The request content is ${size} or more; the limit here is ${(maxBytes / MB).toFixed(0)} MB.`;
}
