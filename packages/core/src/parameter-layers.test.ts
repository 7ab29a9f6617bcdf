import { describe, expect, it } from 'vitest';
import { mergeParameters } from './action-resolver.ts';
import { entityRef, withoutLeadingSlash } from './entity-refs.ts';
import { mergeKeyValues } from './package-access.ts';

describe('parameter layers', () => {
  it('merge package < binding < action < invocation', () => {
    const layers = [
      [
        { key: 'p1', value: 'package' },
        { key: 'p2', value: 'package' },
        { key: 'p3', value: 'package' },
        { key: 'p4', value: 'package' },
      ],
      [
        { key: 'p2', value: 'binding' },
        { key: 'p3', value: 'binding' },
        { key: 'p4', value: 'binding' },
      ],
      [
        { key: 'p3', value: 'action' },
        { key: 'p4', value: 'action' },
      ],
    ];
    expect(mergeParameters(layers, { p4: 'invocation' })).toEqual({ p1: 'package', p2: 'binding', p3: 'action', p4: 'invocation' });
  });

  it('merge key-value lists keeping each key in its first place', () => {
    expect(
      mergeKeyValues([
        [
          { key: 'a', value: 1 },
          { key: 'b', value: 1 },
        ],
        [
          { key: 'b', value: 2 },
          { key: 'c', value: 3 },
        ],
      ]),
    ).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'c', value: 3 },
    ]);
  });
});

describe('entity references', () => {
  it('split a fully qualified name into OpenWhisk’s {path, name}', () => {
    expect(entityRef('/guest/hello')).toEqual({ path: 'guest', name: 'hello' });
    expect(entityRef('/guest/pkg/hello')).toEqual({ path: 'guest/pkg', name: 'hello' });
    expect(withoutLeadingSlash('/guest/pkg/hello')).toBe('guest/pkg/hello');
  });
});
