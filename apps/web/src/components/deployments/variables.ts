// A source's variables as the connect form takes them: KEY=VALUE lines.
// Names follow the server's rule (letters, digits, '_', not starting with a digit).

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type ParsedVariables = { ok: true; variables: Record<string, string> } | { ok: false; problem: string };

/** Blank lines and lines starting with # are skipped; the value is what follows the first '=', trimmed. */
export function parseVariables(text: string): ParsedVariables {
  const variables: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    const name = at < 0 ? line : line.slice(0, at).trim();
    if (at < 0) return { ok: false, problem: `Line ${index + 1} has no '=': write it as ${name || 'NAME'}=value.` };
    if (!NAME.test(name)) {
      return { ok: false, problem: `Line ${index + 1}: "${name}" is not a variable name; use letters, digits and '_', not starting with a digit.` };
    }
    if (Object.hasOwn(variables, name)) return { ok: false, problem: `Line ${index + 1}: ${name} is given twice.` };
    variables[name] = line.slice(at + 1).trim();
  }
  return { ok: true, variables };
}
