'use client';
// The code tab's editor for an action of a code kind: the kind's language
// mode and file extension, a note where the kind needs one (compiled at
// /init, jar only), and a status line.
import { CodeEditor } from '@/components/code/code-editor';
import { countOf } from '@/lib/format';
import { kindLanguage } from '@/lib/kind-languages';

export function ActionCode(props: { kind: string; code: string; revision: number; modelPath: string; onChange: (code: string) => void }) {
  const language = kindLanguage(props.kind);
  return (
    <>
      {language.note && <div className="banner info">{language.note}</div>}
      <div className="code-host">
        <CodeEditor
          value={props.code}
          revision={props.revision}
          onChange={props.onChange}
          language={language.monaco}
          path={`${props.modelPath}.${language.extension}`}
          ariaLabel="Code editor"
        />
      </div>
      <div className="statusline">
        <span>{language.monaco}</span>
        <span>{countOf(props.code.split('\n').length, 'line')}</span>
        <span style={{ marginLeft: 'auto' }}>Ctrl/⌘ S save · Ctrl/⌘ Enter run</span>
      </div>
    </>
  );
}
