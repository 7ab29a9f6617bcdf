// How the rule forms name a rule's trigger and action: the value a select
// holds and putRule accepts. Own entities by their path in the namespace
// (`trigger`, `pkg/action`), anything else fully qualified.
import type { EntityRef } from '@brisk/core';
import { actionHref } from '@/lib/format';
import { triggerHref } from '@/components/packages/hrefs';

/** `{path: 'guest/pkg', name: 'a'}` in namespace guest -> `pkg/a`; in another namespace -> `/other/pkg/a`. */
export function refValue(ref: EntityRef, namespace: string): string {
  if (ref.path === namespace) return ref.name;
  if (ref.path.startsWith(`${namespace}/`)) return `${ref.path.slice(namespace.length + 1)}/${ref.name}`;
  return `/${ref.path}/${ref.name}`;
}

/** The console page of a rule's action, when it is one of the namespace's own. */
export function actionRefHref(ref: EntityRef, namespace: string): string | undefined {
  const value = refValue(ref, namespace);
  return value.startsWith('/') ? undefined : actionHref(value);
}

export function triggerRefHref(ref: EntityRef, namespace: string): string | undefined {
  return ref.path === namespace ? triggerHref(ref.name) : undefined;
}
