// The URL that invokes an action (or fires a trigger, or calls a web action)
// of the invoker's namespace, on the API host this platform is reached at.
const WEB_EXTENSIONS = ['.html', '.http', '.json', '.svg', '.text'];

function main(params) {
  const host = process.env.__OW_API_HOST || '';
  const namespace = process.env.__OW_NAMESPACE;
  const path = typeof params.path === 'string' ? params.path : '';
  if (params.web === true) {
    if (params.trigger) return { error: 'A trigger cannot be a web action.' };
    const ext = params.ext || '';
    if (ext && !WEB_EXTENSIONS.includes(ext)) return { error: `A web action's extension is one of ${WEB_EXTENSIONS.join(', ')}.` };
    const base = `${host}/api/v1/web/${namespace}`;
    if (!path) return { url: base };
    return { url: `${base}/${path.includes('/') ? path : `default/${path}`}${ext}` };
  }
  if (params.trigger === true && path.includes('/')) return { error: 'A trigger is never in a package.' };
  const base = `${host}/api/v1/namespaces/${namespace}/${params.trigger === true ? 'triggers' : 'actions'}`;
  return { url: path ? `${base}/${path}` : base };
}
