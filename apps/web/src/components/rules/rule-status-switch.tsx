'use client';
// Enables or disables a rule (POST {"status": ...} in the REST API). The
// switch shows the server's answer, and its message when it refuses (a rule
// whose trigger is gone cannot be enabled).
import { trpc } from '@/trpc/react';

export function RuleStatusSwitch({ name, status }: { name: string; status: string }) {
  const utils = trpc.useUtils();
  const setStatus = trpc.rules.setStatus.useMutation({
    onSuccess: async (saved) => {
      // Show the answer at once: between the mutation and the refetch, stale lists would flip the switch back.
      utils.rules.get.setData({ name }, saved);
      utils.rules.list.setData(undefined, (rules) => rules?.map((rule) => (rule.name === name ? saved : rule)));
      await Promise.all([utils.rules.list.invalidate(), utils.triggers.get.invalidate(), utils.triggers.list.invalidate()]);
    },
  });
  const active = (setStatus.isPending ? setStatus.variables?.status : undefined) ?? status;
  const on = active === 'active';
  return (
    <span className="toolbar" style={{ gap: 6, flexWrap: 'nowrap' }}>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={on}
        aria-label={`Rule ${name} enabled`}
        disabled={setStatus.isPending}
        onClick={() => setStatus.mutate({ name, status: on ? 'inactive' : 'active' })}
      />
      <span className={on ? '' : 'subtle'} style={{ minWidth: 50 }}>
        {on ? 'active' : 'inactive'}
      </span>
      {setStatus.error && (
        <span className="field-error" role="alert" style={{ whiteSpace: 'normal' }}>
          {setStatus.error.message}
        </span>
      )}
    </span>
  );
}
