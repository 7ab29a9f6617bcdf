// A message whose `backticked` parts are code (zod messages, the server's
// words): those become <code>, the rest stays text. Text nodes only, so a
// message can never inject markup.
import { Fragment } from 'react';

export function CodeText({ text }: { text: string }) {
  // Splitting on a capture group puts the code parts at the odd indexes.
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, index) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string; a part is its position
        index % 2 === 1 ? <code key={index}>{part}</code> : <Fragment key={index}>{part}</Fragment>,
      )}
    </>
  );
}
