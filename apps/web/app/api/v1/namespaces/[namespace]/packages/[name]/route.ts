// /api/v1/namespaces/{ns}/packages/{name}: read (also another namespace's
// published package), create or update (overwrite), delete (force).
import { deletePackage, getPackage, MAX_PARAMETERS_BYTES, MB, namespaceOfSegment, noteActionsChanged, putPackage, resolveOwnNamespace } from '@brisk/core';
import { queryFlag, restRoute } from '@/server/rest/route';
import { decodeSegment } from '@/server/rest/segments';

type Params = { namespace: string; name: string };

export const GET = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, context }) => {
    const namespace = namespaceOfSegment(caller, decodeSegment(params.namespace));
    return Response.json(await getPackage(context.deps.db, caller, namespace, decodeSegment(params.name)));
  },
});

export const PUT = restRoute<Params>({
  // Parameters and annotations may each be 1 MB.
  maxBodyBytes: 2 * MAX_PARAMETERS_BYTES + MB,
  handler: async ({ caller, params, url, body, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    const options = { overwrite: queryFlag(url, 'overwrite') };
    const saved = await putPackage(context.deps.db, caller, decodeSegment(params.name), body, options);
    // Package parameters, bindings and sharing all change how actions resolve.
    await noteActionsChanged(context.deps);
    return Response.json(saved);
  },
});

export const DELETE = restRoute<Params>({
  maxBodyBytes: 0,
  handler: async ({ caller, params, url, context }) => {
    resolveOwnNamespace(caller, decodeSegment(params.namespace));
    const options = { force: queryFlag(url, 'force') };
    const deleted = await deletePackage(context.deps.db, caller, decodeSegment(params.name), options);
    await noteActionsChanged(context.deps);
    return Response.json(deleted);
  },
});
