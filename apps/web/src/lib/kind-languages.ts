// What the console needs to know about each runtime family's language: the
// Monaco mode, the file extension of the editor's model, and what a user must
// know before writing code for it. The kinds themselves come from the
// manifest (knownKinds); this maps a kind's family (`ruby` of `ruby:3.3`).

export interface KindLanguage {
  /** Monaco's language id. */
  monaco: string;
  /** Extension of the editor's file, so Monaco's model matches the language. */
  extension: string;
  /** Shown above the editor: where compilation happens, or that plain code is not accepted. */
  note?: string;
}

const LANGUAGES: Record<string, KindLanguage> = {
  nodejs: { monaco: 'javascript', extension: 'js' },
  python: { monaco: 'python', extension: 'py' },
  ruby: { monaco: 'ruby', extension: 'rb' },
  php: { monaco: 'php', extension: 'php' },
  go: {
    monaco: 'go',
    extension: 'go',
    note: 'Go source is compiled when a container loads the action (/init): the first invocation of each new container includes the build; warm invocations do not.',
  },
  java: {
    monaco: 'java',
    extension: 'java',
    note: 'Java actions run from a jar only: compile this class against Gson (com.google.gson), jar it, and deploy the jar, e.g. wsk action create hello hello.jar --kind java:21 --main Hello. Source saved here is not run.',
  },
};

const PLAIN: KindLanguage = { monaco: 'plaintext', extension: 'txt' };

/** The language of an action kind (`nodejs:22` → JavaScript); plain text for sequences, blackbox and unknown kinds. */
export function kindLanguage(kind: string): KindLanguage {
  return LANGUAGES[kind.split(':')[0] ?? ''] ?? PLAIN;
}
