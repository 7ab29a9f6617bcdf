import { describe, expect, it } from 'vitest';
import { parseVariables } from './variables';

describe('parseVariables', () => {
  it('reads KEY=VALUE lines, skipping blank lines and comments', () => {
    expect(parseVariables('API_HOST=api.example.com\n\n# a comment\n  TOKEN = a=b \r\nEMPTY=')).toEqual({
      ok: true,
      variables: { API_HOST: 'api.example.com', TOKEN: 'a=b', EMPTY: '' },
    });
    expect(parseVariables('')).toEqual({ ok: true, variables: {} });
  });

  it('refuses a line without "=", a bad name and a name given twice, naming the line', () => {
    expect(parseVariables('A=1\nB')).toEqual({ ok: false, problem: "Line 2 has no '=': write it as B=value." });
    expect(parseVariables('1ST=x')).toMatchObject({ ok: false, problem: expect.stringContaining('Line 1: "1ST" is not a variable name') });
    expect(parseVariables('A=1\nA=2')).toEqual({ ok: false, problem: 'Line 2: A is given twice.' });
  });
});
