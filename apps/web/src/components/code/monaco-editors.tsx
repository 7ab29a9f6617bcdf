'use client';
// The Monaco components, loaded only in the browser (see code-editor.tsx).
import './monaco-setup';
import Editor, { DiffEditor, type DiffOnMount, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';

export interface CodeEditorProps {
  /** The text to show; read at mount and whenever `revision` changes. */
  value: string;
  /**
   * Bumped by the owner when the text changes from outside the editor (a
   * load, a rollback). Typing never feeds `value` back into Monaco: a render
   * that lags a keystroke behind would otherwise overwrite what was typed.
   */
  revision?: number;
  onChange?: (value: string) => void;
  language: string;
  /** The model's path: one undo history per file. */
  path: string;
  readOnly?: boolean;
  ariaLabel: string;
  minimal?: boolean;
  onMount?: OnMount;
}

export function MonacoCodeEditor(props: CodeEditorProps) {
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const valueRef = useRef(props.value);
  valueRef.current = props.value;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision is the trigger; the text is read from valueRef
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || model.getValue() === valueRef.current) return;
    // An outside change: replace the text as one undoable edit.
    editor.pushUndoStop();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: valueRef.current }], () => null);
    editor.pushUndoStop();
  }, [props.revision]);

  return (
    <Editor
      defaultValue={props.value}
      onChange={(value) => props.onChange?.(value ?? '')}
      language={props.language}
      path={props.path}
      onMount={(editor, monaco) => {
        editorRef.current = editor;
        // A model kept from an earlier visit (same path) may hold older text.
        if (editor.getValue() !== valueRef.current) editor.setValue(valueRef.current);
        props.onMount?.(editor, monaco);
      }}
      loading={<div className="code-loading">Loading editor…</div>}
      options={{
        readOnly: props.readOnly ?? false,
        ariaLabel: props.ariaLabel,
        fontSize: 13,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace",
        minimap: { enabled: !props.minimal },
        lineNumbers: props.minimal ? 'off' : 'on',
        glyphMargin: false,
        folding: !props.minimal,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        renderLineHighlight: props.minimal ? 'none' : 'line',
        padding: { top: 8, bottom: 8 },
        fixedOverflowWidgets: true,
      }}
    />
  );
}

export interface DiffViewProps {
  original: string;
  modified: string;
  language: string;
  originalLabel: string;
  modifiedLabel: string;
}

export function MonacoDiffView(props: DiffViewProps) {
  // @monaco-editor/react disposes the models before the diff editor, which
  // Monaco reports as an error; keep them and dispose them after it instead.
  const models = useRef<ReturnType<Parameters<DiffOnMount>[0]['getModel']>>(null);
  useEffect(
    () => () => {
      const held = models.current;
      setTimeout(() => {
        held?.original.dispose();
        held?.modified.dispose();
      }, 0);
    },
    [],
  );
  return (
    <DiffEditor
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      onMount={(editor) => {
        models.current = editor.getModel();
      }}
      original={props.original}
      modified={props.modified}
      language={props.language}
      loading={<div className="code-loading">Loading diff…</div>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        renderSideBySideInlineBreakpoint: 640,
        // Read-only history: no revert arrows or gutter menu (whose actions
        // Monaco also evaluates late, against an already disposed editor).
        renderGutterMenu: false,
        renderMarginRevertIcon: false,
        automaticLayout: true,
        fontSize: 13,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        ariaLabel: `Changes from ${props.originalLabel} to ${props.modifiedLabel}`,
        originalAriaLabel: props.originalLabel,
        modifiedAriaLabel: props.modifiedLabel,
      }}
    />
  );
}
