// What a new action starts with: a hello world that reads a parameter, in
// the kind's language, and a payload to try it with.

const NODE = `/**
 * Runs on every invocation. \`params\` holds the action's parameters merged
 * with the invocation's payload; the returned object is the result.
 */
function main(params) {
  const name = params.name || 'world';
  console.log(\`Saying hello to \${name}\`);
  return { greeting: \`Hello, \${name}!\` };
}
`;

const PYTHON = `def main(params):
    """Runs on every invocation. params holds the action's parameters merged
    with the invocation's payload; the returned dict is the result."""
    name = params.get("name", "world")
    print(f"Saying hello to {name}")
    return {"greeting": f"Hello, {name}!"}
`;

export function templateFor(kind: string): string {
  if (kind.startsWith('python')) return PYTHON;
  if (kind.startsWith('nodejs')) return NODE;
  return '';
}

export const EXAMPLE_PAYLOAD = '{\n  "name": "Brisk"\n}\n';
