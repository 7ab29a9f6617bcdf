// Preparing an invocation: the action resolved, its parameters merged, the
// job built. One function for the REST API, triggers (through invokeAction)
// and a sequence's components (in the worker), so that every activation's
// job says the same about where its action lives and what it was given.
import { mergeParameters, type InvocableAction } from '../action-resolver.ts';
import { newActivationId } from '../activation-id.ts';
import { formatEntityPath, type EntityPath } from '../names.ts';
import type { Caller } from '../namespaces.ts';
import type { ActivationJob } from '../queue.ts';

/** Finds what `path` (in `namespace`, else the caller's) runs: from Postgres, or from a replica's cache. */
export type ResolveInvocable = (caller: Caller, path: EntityPath, namespace?: string) => Promise<InvocableAction>;

export interface InvocationRequest {
  caller: Caller;
  /** The namespace `path` is in, when not the caller's own (a published package of another namespace). */
  namespace?: string;
  path: EntityPath;
  params: Record<string, unknown>;
  cause?: string;
  /** OpenWhisk's `causedBy` annotation: set on a sequence's components. */
  causedBy?: 'sequence';
  trace?: boolean;
}

export interface PreparedInvocation {
  action: InvocableAction;
  job: ActivationJob;
}

export async function prepareInvocation(resolve: ResolveInvocable, request: InvocationRequest): Promise<PreparedInvocation> {
  const { caller, path } = request;
  const action = await resolve(caller, path, request.namespace);
  const job: ActivationJob = {
    activationId: newActivationId(),
    namespaceId: caller.namespaceId,
    namespace: caller.namespace,
    subject: caller.subject,
    action: {
      id: action.id,
      version: action.version,
      packageName: path.packageName,
      name: path.name,
      kind: action.kind,
      // Only where the action lives elsewhere (a binding, a shared package): the path invoked says it otherwise.
      ...(action.home === `${caller.namespace}/${formatEntityPath(path)}` ? {} : { home: action.home }),
      ...(action.environment ? { env: action.environment } : {}),
    },
    params: mergeParameters(action.parameterLayers, request.params),
    acceptedAt: Date.now(),
    ...(request.cause ? { cause: request.cause } : {}),
    ...(request.causedBy ? { causedBy: request.causedBy } : {}),
    ...(request.trace ? { trace: true } : {}),
  };
  return { action, job };
}
