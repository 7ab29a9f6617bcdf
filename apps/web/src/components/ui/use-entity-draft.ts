'use client';
// The edit state of an entity's detail page: a draft made from the stored
// document, replaced when fresh data arrives unless it holds edits of its own.
import { useEffect, useRef, useState } from 'react';

export interface EntityDraft<Draft, Doc> {
  draft: Draft | undefined;
  setDraft: (next: Draft) => void;
  /** The draft differs from what is stored. */
  dirty: boolean;
  /** What the server answered to a save becomes the base (its form: trimmed keys, parsed values). */
  saved: (doc: Doc) => void;
}

/** `draftOf` must depend only on the document (and values a session never changes). */
export function useEntityDraft<Doc, Draft>(doc: Doc | undefined, draftOf: (doc: Doc) => Draft, same: (a: Draft, b: Draft) => boolean): EntityDraft<Draft, Doc> {
  const baseRef = useRef<Draft | undefined>(undefined);
  const [draft, setDraftState] = useState<Draft>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new document resets the draft; draftOf and same are fixed by contract
  useEffect(() => {
    if (!doc) return;
    const next = draftOf(doc);
    const old = baseRef.current;
    baseRef.current = next;
    setDraftState((current) => (current === undefined || old === undefined || same(current, old) ? next : current));
    // Only a new document resets the draft; draftOf and same are fixed by contract.
  }, [doc]);

  // Until the effect has run for a new document, its draft is derived here, so the page never renders without one.
  const current = draft ?? (doc !== undefined ? draftOf(doc) : undefined);
  return {
    draft: current,
    setDraft: setDraftState,
    dirty: draft !== undefined && baseRef.current !== undefined && !same(draft, baseRef.current),
    saved: (savedDoc) => {
      baseRef.current = draftOf(savedDoc);
      setDraftState(baseRef.current);
    },
  };
}

/** A message shown for a few seconds ("Saved version 0.0.2"). */
export function useFlashNotice(ms = 4000): [string | undefined, (notice: string | undefined) => void] {
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), ms);
    return () => clearTimeout(timer);
  }, [notice, ms]);
  return [notice, setNotice];
}
