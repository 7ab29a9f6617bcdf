// GET /api/v1/api-docs — this API's OpenAPI document.
import { openApiDocument } from '@/server/openapi';

export function GET(): Response {
  return Response.json(openApiDocument());
}
