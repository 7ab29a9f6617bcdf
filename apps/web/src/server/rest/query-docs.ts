// The query parameters routes declare, each described once for the OpenAPI document.

export const QUERY_DOCS = {
  limit: { type: 'integer', description: 'Items per page, 0-200 (0 means 30)' },
  skip: { type: 'integer', description: 'Items to skip' },
  count: { type: 'boolean', description: 'Answer only the number of items' },
  overwrite: { type: 'boolean', description: 'Update the entity if it exists (409 otherwise)' },
  blocking: { type: 'boolean', description: 'Wait for the activation to end (up to 60 s)' },
  result: { type: 'boolean', description: 'With blocking: answer only the result' },
  timeout: { type: 'integer', description: 'With blocking: how long to wait, in ms' },
  code: { type: 'boolean', description: 'false leaves the code out' },
  docs: { type: 'boolean', description: 'Full records instead of summaries' },
  input: { type: 'boolean', description: "Brisk's own: add `input`, the parameters it ran with (environment variables excluded; large ones truncated)" },
  name: { type: 'string', description: 'Only activations of this entity (pkg/name)' },
  since: { type: 'integer', description: 'Started at or after (epoch ms)' },
  upto: { type: 'integer', description: 'Started at or before (epoch ms)' },
  force: { type: 'boolean', description: 'Delete the package with its actions' },
  public: { type: 'boolean', description: 'List published packages' },
  rotateSecret: { type: 'boolean', description: 'Make a new webhook secret (shown once, in the answer)' },
  undeploy: { type: 'boolean', description: 'Also delete the entities the source deployed' },
  source: { type: 'string', description: 'Only deployments of this source' },
  project: { type: 'string', description: 'The project name of an upload whose manifest names none' },
  basepath: { type: 'string', description: 'An API: its base path (starting with /) or its name' },
  relpath: { type: 'string', description: 'A path of the API, e.g. /books/{id}' },
  operation: { type: 'string', description: 'An HTTP method of that path' },
  responsetype: { type: 'string', description: 'The web action extension routes answer with: json (default), http, html, text, svg' },
} as const satisfies Record<string, { type: 'integer' | 'boolean' | 'string'; description: string }>;

export type QueryName = keyof typeof QUERY_DOCS;

/** The paging parameters every list takes. */
export const LIST_QUERY: QueryName[] = ['limit', 'skip', 'count'];

/** Request headers a route reads, for its OpenAPI document. */
export const HEADER_DOCS = {
  'if-match': {
    description: 'Save only over this version (the ETag of a GET, e.g. "0.0.3"; * for any): a save based on an older version answers 412',
    errors: { 412: 'If-Match named a version that is no longer the newest: the action was saved again in between' },
  },
} as const;

export type HeaderName = keyof typeof HEADER_DOCS;
