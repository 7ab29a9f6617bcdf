// GET /api/v1 — what this installation offers (no key needed, as OpenWhisk).
import { platformInfo } from '@brisk/core';

export function GET(): Response {
  return Response.json(platformInfo());
}
