import { describe, expect, it } from 'vitest';
import { entityNameSchema, packageReferenceSchema } from './entity-name-schema.ts';
import { parseRuleOutcome } from './trigger-firings.ts';

describe('entity name schemas', () => {
  it('accept what the services accept and refuse with their message', () => {
    expect(entityNameSchema('trigger').parse('tick @ 5.min')).toBe('tick @ 5.min');
    const refused = entityNameSchema('trigger').safeParse('no/slashes');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/^The trigger name "no\/slashes" is not valid: use letters/);
    expect(entityNameSchema('rule').safeParse('').error?.issues[0]?.message).toBe('The rule name is empty.');
  });

  it('reads the package a binding names, in the default namespace without one', () => {
    expect(packageReferenceSchema('guest').parse('/other/tools')).toEqual({ namespace: 'other', name: 'tools' });
    expect(packageReferenceSchema('guest').parse('tools')).toEqual({ namespace: 'guest', name: 'tools' });
    expect(packageReferenceSchema('guest').safeParse('/a/b/c').error?.issues[0]?.message).toMatch(/too many parts/);
    expect(packageReferenceSchema('guest').safeParse('/ns/bad;').error?.issues[0]?.message).toMatch(/bound package name "bad;" is not valid/);
    expect(packageReferenceSchema('guest').safeParse(' ').success).toBe(false);
  });
});

describe('trigger activation log lines', () => {
  it('parse as rule outcomes, and anything else as nothing', () => {
    const line = JSON.stringify({ statusCode: 0, success: true, activationId: 'a'.repeat(32), rule: 'guest/r', action: 'guest/echo' });
    expect(parseRuleOutcome(line)).toEqual({ statusCode: 0, success: true, activationId: 'a'.repeat(32), rule: 'guest/r', action: 'guest/echo' });
    expect(parseRuleOutcome('2026-11-22T10:00:00.000Z stdout: hi')).toBeUndefined();
    expect(parseRuleOutcome('{"rule": 1}')).toBeUndefined();
  });
});
