'use client';
// Copies a text to the clipboard and says so. The Clipboard API needs a
// secure context (HTTPS or localhost); elsewhere the browser's copy command
// on a hidden text area does it.
import { useEffect, useState } from 'react';

function copyWithCommand(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState(copyWithCommand(text) ? 'copied' : 'failed');
    }
  }

  return (
    <>
      <button type="button" className="btn btn-sm" aria-label={`Copy ${what}`} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `${what} copied` : state === 'failed' ? `${what} could not be copied: select it and press Ctrl+C` : ''}
      </span>
      {state === 'failed' && <span className="hint">Select it and press Ctrl+C</span>}
    </>
  );
}

/** A labelled read-only field (selected on focus) with its copy button: a URL, a secret, a key shown once. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="copy-field">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input id={id} className="input mono" readOnly value={value} onFocus={(event) => event.target.select()} />
      <CopyButton text={value} what={label} />
    </div>
  );
}
