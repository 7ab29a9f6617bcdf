import { describe, expect, it } from 'vitest';
import { parseWebPath } from './web-path.ts';

describe('web action paths', () => {
  it('read namespace, package, action, extension and the rest as __ow_path', () => {
    expect(parseWebPath('guest/demo/hello.json/users/42')).toEqual({
      namespace: 'guest',
      path: { packageName: 'demo', name: 'hello' },
      extension: 'json',
      owPath: '/users/42',
    });
  });

  it('map the package "default" to the default package and assume .http without an extension', () => {
    expect(parseWebPath('guest/default/hello')).toMatchObject({ path: { packageName: '', name: 'hello' }, extension: 'http', owPath: '' });
  });

  it('keep dots that are not a known extension in the name', () => {
    expect(parseWebPath('guest/default/my.action')).toMatchObject({ path: { name: 'my.action' }, extension: 'http' });
    expect(parseWebPath('guest/default/my.action.text')).toMatchObject({ path: { name: 'my.action' }, extension: 'text' });
  });

  it('decode percent-encoded names but keep __ow_path as sent', () => {
    expect(parseWebPath('guest/default/hello%20there.html/a%2Fb/')).toMatchObject({
      path: { name: 'hello there' },
      extension: 'html',
      owPath: '/a%2Fb/',
    });
  });

  it.each(['guest', 'guest/default', 'guest/default/.json', 'guest/default/-bad', '%zz/default/a'])('answer 404 for %s', (path) => {
    expect(() => parseWebPath(path)).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });
});
