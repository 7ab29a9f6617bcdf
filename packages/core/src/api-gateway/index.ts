// The API gateway's public surface: OpenWhisk's API management (createApi,
// getApi, deleteApi) and the gateway that serves the routes it makes.
export { createApi, type CreateApiOptions } from './create-api.ts';
export { getApis } from './get-apis.ts';
export { deleteApi } from './delete-api.ts';
export { serveGateway, type GatewayCall } from './serve-gateway.ts';
export { GATEWAY_PREFIX, gatewayApiUrl, type ApiEntry, type ApiValue, type SwaggerDocument } from './api-document.ts';
