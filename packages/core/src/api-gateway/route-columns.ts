// The columns of a stored route the API documents and the gateway read.
export const routeColumns = {
  basePath: true,
  relPath: true,
  method: true,
  action: true,
  responseType: true,
  apiName: true,
} as const;

/** The most routes one namespace may hold (each request to the gateway reads them all). */
export const MAX_ROUTES_PER_NAMESPACE = 1000;

/** The lock that orders one namespace's route changes, so two creates cannot both miss a clash. */
export function routesLockKey(namespaceId: string): string {
  return `brisk-api-gateway:${namespaceId}`;
}
