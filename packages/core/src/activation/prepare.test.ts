// Preparing an invocation without a database: the resolver is handed in, so
// the job's shape is checked on its own (the API, triggers and sequences all
// build their jobs here).
import { describe, expect, it } from 'vitest';
import type { InvocableAction } from '../action-resolver.ts';
import { prepareInvocation } from './prepare.ts';

const caller = { namespaceId: 'ns-id', namespace: 'guest', subject: 'guest' };
const action = (home: string): InvocableAction => ({
  id: 'action-id',
  version: '0.0.3',
  kind: 'nodejs:18',
  timeoutMs: 60_000,
  memoryMb: 256,
  parameterLayers: [
    [
      { key: 'greeting', value: 'hi' },
      { key: 'who', value: 'package' },
    ],
    [{ key: 'who', value: 'action' }],
  ],
  home,
  environment: '',
});

describe('prepareInvocation', () => {
  it('merges parameters (package < action < invocation) and names the action where it lives only when that differs', async () => {
    const own = await prepareInvocation(async () => action('guest/utils/hello'), {
      caller,
      path: { packageName: 'utils', name: 'hello' },
      params: { who: 'me' },
    });
    expect(own.job).toMatchObject({
      namespace: 'guest',
      subject: 'guest',
      action: { id: 'action-id', version: '0.0.3', packageName: 'utils', name: 'hello', kind: 'nodejs:18' },
      params: { greeting: 'hi', who: 'me' },
    });
    expect(own.job.action.home).toBeUndefined();
    expect(own.job.activationId).toMatch(/^[0-9a-f]{32}$/);

    const bound = await prepareInvocation(async () => action('owner/utils/hello'), { caller, path: { packageName: 'mybinding', name: 'hello' }, params: {} });
    expect(bound.job.action.home).toBe('owner/utils/hello');
    expect(bound.job.params).toEqual({ greeting: 'hi', who: 'action' });
  });

  it('marks a sequence component with its cause and causedBy, and asks the resolver for the right namespace', async () => {
    const asked: unknown[] = [];
    const { job } = await prepareInvocation(
      async (who, path, namespace) => {
        asked.push([who.namespace, path, namespace]);
        return action('other/shared/step');
      },
      { caller, namespace: 'other', path: { packageName: 'shared', name: 'step' }, params: { n: 1 }, cause: 'c'.repeat(32), causedBy: 'sequence' },
    );
    expect(asked).toEqual([['guest', { packageName: 'shared', name: 'step' }, 'other']]);
    expect(job).toMatchObject({ cause: 'c'.repeat(32), causedBy: 'sequence', params: { greeting: 'hi', who: 'action', n: 1 } });
    expect(job.trace).toBeUndefined();
  });
});
