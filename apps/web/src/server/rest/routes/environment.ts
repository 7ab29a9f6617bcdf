// Brisk's own extension: environment variables of actions and packages,
// which OpenWhisk clients never see. Under /namespaces/{ns}/env/… rather than
// /actions/{name}/env: an action path is the rest of the URL there, and
// /actions/x/env already names the action `env` of package `x`. GET answers
// names only; PUT takes {"NAME": "value"} to set and {"NAME": null} to delete.
import {
  getActionEnvironment,
  getPackageEnvironment,
  noteActionsChanged,
  parseEntityPath,
  putActionEnvironment,
  putPackageEnvironment,
  assertEntityName,
} from '@brisk/core';
import { keyRoute } from '../api-route';

const ACTION = '/namespaces/{namespace}/env/actions/{action+}';
const PACKAGE = '/namespaces/{namespace}/env/packages/{package}';
const FORMS = ['{action}', '{package}/{action}'];
/** Names and values of one entity are bounded to 64 KiB (core's ENV_LIMITS); JSON escaping needs room. */
const MAX_BODY_BYTES = 256 * 1024;

export const environmentRoutes = [
  keyRoute({
    method: 'GET',
    path: ACTION,
    forms: FORMS,
    summary: "An action's environment variables: names only, values are never returned",
    tag: 'Environment',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => Response.json(await getActionEnvironment(context.deps.db, caller, parseEntityPath(params.action))),
  }),
  keyRoute({
    method: 'PUT',
    path: ACTION,
    forms: FORMS,
    summary: 'Set ({"NAME": "value"}) or delete ({"NAME": null}) environment variables of an action; others are kept',
    tag: 'Environment',
    scope: 'own',
    body: 'Environment changes',
    maxBodyBytes: MAX_BODY_BYTES,
    ok: [200],
    handler: async ({ caller, params, body, context }) => {
      const deps = { db: context.deps.db, secretsKey: context.deps.deploySettings.secretsKey };
      const listing = await putActionEnvironment(deps, caller, parseEntityPath(params.action), body);
      // The next invocation resolves the new stamps, so it gets a container made with the new values.
      await noteActionsChanged(context.deps);
      return Response.json(listing);
    },
  }),
  keyRoute({
    method: 'GET',
    path: PACKAGE,
    summary: "A package's environment variables (its actions get them below their own): names only",
    tag: 'Environment',
    scope: 'own',
    maxBodyBytes: 0,
    ok: [200],
    handler: async ({ caller, params, context }) => {
      assertEntityName(params.package, 'package');
      return Response.json(await getPackageEnvironment(context.deps.db, caller, params.package));
    },
  }),
  keyRoute({
    method: 'PUT',
    path: PACKAGE,
    summary: 'Set or delete environment variables of a package; others are kept',
    tag: 'Environment',
    scope: 'own',
    body: 'Environment changes',
    maxBodyBytes: MAX_BODY_BYTES,
    ok: [200],
    handler: async ({ caller, params, body, context }) => {
      assertEntityName(params.package, 'package');
      const deps = { db: context.deps.db, secretsKey: context.deps.deploySettings.secretsKey };
      const listing = await putPackageEnvironment(deps, caller, params.package, body);
      await noteActionsChanged(context.deps);
      return Response.json(listing);
    },
  }),
];
