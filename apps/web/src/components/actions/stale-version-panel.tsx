'use client';
// Shown when the action was saved elsewhere (another tab, wsk, a deployment)
// while this editor held edits made on an older version: the edits are kept,
// what saving them would change in the newer version can be compared, and
// the user decides — save over it, or drop the edits and load it.
import { useState } from 'react';
import { DiffView } from '@/components/code/code-editor';

export interface StaleVersionPanelProps {
  /** The version now stored. */
  saved: string;
  /** The version the edits were made on. */
  basedOn: string;
  /** The stored version's code and the editor's, for the comparison. */
  savedText: string;
  draftText: string;
  language: string;
  saving: boolean;
  onSaveOver(): void;
  onDiscard(): void;
}

export function StaleVersionPanel(props: StaleVersionPanelProps) {
  const [comparing, setComparing] = useState(false);
  return (
    <section className="stale-version" aria-label="Newer version saved elsewhere" data-testid="stale-version">
      <p role="alert">
        <strong>Version {props.saved} was saved elsewhere</strong> after you started editing version {props.basedOn}. Your changes are kept here; saving them
        replaces version {props.saved}&rsquo;s code with yours.
      </p>
      <div className="row">
        <button type="button" className="btn" aria-expanded={comparing} onClick={() => setComparing((open) => !open)}>
          {comparing ? 'Hide comparison' : `Compare with version ${props.saved}`}
        </button>
        <button type="button" className="btn btn-primary" disabled={props.saving} onClick={props.onSaveOver}>
          Save mine over version {props.saved}
        </button>
        <button type="button" className="btn" onClick={props.onDiscard}>
          Discard mine, load version {props.saved}
        </button>
      </div>
      {comparing && (
        <div className="diff-host" data-testid="stale-diff">
          <DiffView
            original={props.savedText}
            modified={props.draftText}
            language={props.language}
            originalLabel={`version ${props.saved} (saved)`}
            modifiedLabel="your changes"
          />
        </div>
      )}
    </section>
  );
}
