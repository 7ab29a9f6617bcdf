import { describe, expect, it } from 'vitest';
import { isValidEntityName, parseEntityPath } from './names.ts';
import { parseFullyQualifiedName } from './qualified-names.ts';

describe('entity names', () => {
  it.each(['hello', 'a', '_x', 'with space', 'v1.2-beta@team', 'x'.repeat(256), 'ends.', 'ends@', 'ends-'])('accepts %j', (name) => {
    expect(isValidEntityName(name)).toBe(true);
  });

  it.each(['', ' lead', '-lead', '.lead', '@lead', 'trail ', 'semi;', 'slash/', 'x'.repeat(257), 'émoji✓'])('refuses %j', (name) => {
    expect(isValidEntityName(name)).toBe(false);
  });

  it('parses name and package/name paths, refusing deeper ones with a message', () => {
    expect(parseEntityPath(['hello'])).toEqual({ packageName: '', name: 'hello' });
    expect(parseEntityPath(['utils', 'hello'])).toEqual({ packageName: 'utils', name: 'hello' });
    expect(() => parseEntityPath(['a', 'b', 'c'])).toThrow(/too many parts/);
    expect(() => parseEntityPath(['bad;'])).toThrow(/action name "bad;" is not valid/);
  });

  it('parses fully qualified names, with _ as the default namespace', () => {
    expect(parseFullyQualifiedName('/guest/utils/hello', 'me')).toEqual({ namespace: 'guest', packageName: 'utils', name: 'hello' });
    expect(parseFullyQualifiedName('/_/hello', 'me')).toEqual({ namespace: 'me', packageName: '', name: 'hello' });
    expect(parseFullyQualifiedName('utils/hello', 'me')).toEqual({ namespace: 'me', packageName: 'utils', name: 'hello' });
    expect(() => parseFullyQualifiedName('/a/b/c/d', 'me')).toThrow(/not a name/);
  });
});
