'use client';
// A key just made, in clear for the only time: with a copy button, and focus
// moved onto it so a keyboard or screen reader user lands on what matters.
import { useEffect, useRef } from 'react';
import { CopyField } from '@/components/ui/copy-button';

export function NewKeyNotice({ apiKey, rotated, onDone }: { apiKey: string; rotated: boolean; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel webhook-setup" aria-labelledby="new-key-title" style={{ marginBottom: 14 }}>
      <div className="panel-head">
        <h2 id="new-key-title" ref={heading} tabIndex={-1}>
          {rotated ? 'Your new key' : 'New key'}
        </h2>
      </div>
      <div className="panel-body stack" style={{ gap: 12 }}>
        <div className="banner ok" role="status">
          {rotated
            ? 'The key this session signed in with is revoked, and this session now uses the new one. Copy it now: it is shown only once.'
            : 'Copy the key now: Brisk keeps only a hash of it, so it is shown only once.'}
        </div>
        <CopyField id="new-key" label="API key" value={apiKey} />
        <p className="hint">
          Use it as <code>AUTH</code> in <code>.wskprops</code>, or as the user and password of basic authentication (<code>uuid:secret</code>).
        </p>
        <div className="toolbar" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn btn-primary" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </section>
  );
}
