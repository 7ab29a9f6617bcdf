// The web action feature's public surface; the modules beside it are its parts.
export { serveWebAction, type WebActionCall, type WebActionServices } from './serve-web-action.ts';
export type { HeaderList, WebResponse } from './web-response.ts';
export { WEB_EXTENSIONS, type WebExtension } from './web-path.ts';
export { webActionOptions, type WebActionOptions } from './annotations.ts';
