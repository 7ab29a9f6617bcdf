// biome-ignore-all lint/suspicious/noTemplateCurlyInString: manifests write ${NAME} in plain strings, which is what these tests feed the parser.
import { describe, expect, it } from 'vitest';
import { Problems } from './problems.ts';
import { substitute, substituteDeep } from './variables.ts';

const at = { file: 'manifest.yaml', line: 3 };
const vars = { HOST: 'example.com', PORT: '8080', EMPTY: '' };

describe('substitute', () => {
  it.each([
    ['$HOST', 'example.com'],
    ['${HOST}', 'example.com'],
    ['https://${HOST}:$PORT/x', 'https://example.com:8080/x'],
    ['${EMPTY}!', '!'],
    ['$$HOST', '$HOST'],
    ['$${HOST}', '${HOST}'],
    ['costs 5$ or $5 or $ 5', 'costs 5$ or $5 or $ 5'],
    ['no variables', 'no variables'],
    ['${unclosed', '${unclosed'],
  ])('%j → %j', (text, expected) => {
    const problems = new Problems();
    expect(substitute(text, vars, at, problems)).toBe(expected);
    expect(problems.list).toEqual([]);
  });

  it('reports each undefined variable and leaves it as written', () => {
    const problems = new Problems();
    // A name runs as far as it can: $HOST_NAME is not $HOST followed by "_NAME".
    expect(substitute('$A and ${B} and $HOST_NAME and $HOST', vars, at, problems, 'action x')).toBe('$A and ${B} and $HOST_NAME and example.com');
    expect(problems.list.map((problem) => problem.message)).toEqual([
      "the variable A is not defined; define it in the source's variables.",
      "the variable B is not defined; define it in the source's variables.",
      "the variable HOST_NAME is not defined; define it in the source's variables.",
    ]);
    expect(problems.list[0]!.entity).toBe('action x');
  });

  it('does not take names from the object prototype', () => {
    const problems = new Problems();
    substitute('$constructor $toString', {}, at, problems);
    expect(problems.count).toBe(2);
  });

  it('substitutes inside arrays and objects, leaving other values alone', () => {
    const problems = new Problems();
    expect(substituteDeep({ url: 'https://$HOST', list: ['$PORT', 3, true, null], nested: { deep: '${HOST}' } }, vars, at, problems)).toEqual({
      url: 'https://example.com',
      list: ['8080', 3, true, null],
      nested: { deep: 'example.com' },
    });
    expect(problems.count).toBe(0);
  });
});
