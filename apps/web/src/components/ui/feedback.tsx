'use client';
import { useEffect, useRef, type ReactNode } from 'react';

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="banner err" role="alert">
      {message}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="empty" aria-busy="true">
      <span className="spin" /> <span style={{ marginLeft: 6 }}>{label}</span>
    </div>
  );
}

/** A small modal dialog (role=dialog) with a confirm and a cancel button. */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && props.onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [props]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside the dialog cancels it; the keyboard's way is Escape, handled above
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && props.onCancel()}>
      <div className="panel modal" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <h2 id="dialog-title">{props.title}</h2>
        <div className="subtle">{props.children}</div>
        <ErrorBanner error={props.error} />
        <div className="actions">
          <button ref={cancelRef} type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className={`btn ${props.danger ? 'btn-danger-solid' : 'btn-primary'}`} onClick={props.onConfirm} disabled={props.busy}>
            {props.busy && <span className="spin" />} {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
