'use client';
// Deleting a package. One that holds actions is only deleted with them
// (force, as `DELETE ...?force=true`), and only after the user was told so:
// when the page knows the package holds actions the dialog says so at once;
// when the server finds actions the page did not know of (409), it asks again.
import { TRPCClientError } from '@trpc/client';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/feedback';
import { trpc } from '@/trpc/react';

export function DeletePackageDialog(props: { name: string; isBinding: boolean; actionCount: number; onCancel: () => void; onDeleted: () => void }) {
  const holdsActions = !props.isBinding && props.actionCount > 0;
  const [force, setForce] = useState(holdsActions);
  const [refusal, setRefusal] = useState<string>();
  const remove = trpc.packages.remove.useMutation();

  async function confirm() {
    try {
      await remove.mutateAsync({ name: props.name, force });
      props.onDeleted();
    } catch (error) {
      if (!force && error instanceof TRPCClientError && error.data?.code === 'CONFLICT') {
        setRefusal(error.message);
        setForce(true);
        remove.reset();
      }
    }
  }

  const what = props.isBinding ? 'binding' : 'package';
  return (
    <ConfirmDialog
      title={force ? `Delete ${props.name} and its actions?` : `Delete ${props.name}?`}
      confirmLabel={force ? 'Delete with its actions' : 'Delete'}
      danger
      busy={remove.isPending}
      error={remove.error}
      onCancel={props.onCancel}
      onConfirm={() => void confirm()}
    >
      {force ? (
        <>
          {refusal ?? `The package holds ${props.actionCount} ${props.actionCount === 1 ? 'action' : 'actions'}.`} Deleting the package deletes{' '}
          {props.actionCount === 1 ? 'that action too, with all its versions' : 'its actions too, with all their versions'}; activations are kept.
        </>
      ) : props.isBinding ? (
        'The binding is deleted; the package it is bound to and its actions stay.'
      ) : (
        `The ${what} is deleted. Bindings to it stop reaching any actions.`
      )}
    </ConfirmDialog>
  );
}
