'use client';
// An entity name input of a create form, with its rule as the hint and the
// server's message in its place when the name is refused.

export function NameField(props: { id: string; label: string; value: string; problem: string | undefined; onChange: (value: string) => void }) {
  const hint = `${props.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="input mono"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={hint}
        // biome-ignore lint/a11y/noAutofocus: name fields sit in create forms the user just opened; the name is what they type first
        autoFocus
      />
      <span id={hint} className={props.problem ? 'field-error' : 'hint'} role={props.problem ? 'alert' : undefined}>
        {props.problem ?? 'Letters, digits, _ @ . - and inner spaces'}
      </span>
    </div>
  );
}
