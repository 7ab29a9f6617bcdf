'use client';
// The head of an entity's detail page: name, badges, version, the unsaved or
// saved state, Delete and Save.
import type { ReactNode } from 'react';

export function EntityHead(props: {
  name: string;
  version: string;
  /** Badges or controls between the name and the version. */
  children?: ReactNode;
  dirty: boolean;
  notice: string | undefined;
  saving: boolean;
  onSave: () => void;
  onDelete: () => void;
}) {
  return (
    <div className="page-head">
      <h1 className="entity-title">{props.name}</h1>
      {props.children}
      <span className="badge accent mono">v{props.version}</span>
      {props.dirty && <span className="unsaved">Unsaved changes</span>}
      {props.notice && !props.dirty && (
        <span className="badge ok" role="status">
          {props.notice}
        </span>
      )}
      <span className="grow" />
      <button type="button" className="btn btn-danger" onClick={props.onDelete}>
        Delete
      </button>
      <button type="button" className="btn btn-primary" onClick={props.onSave} disabled={!props.dirty || props.saving}>
        {props.saving && <span className="spin" />} Save
      </button>
    </div>
  );
}
