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

const RUBY = `# Runs on every invocation. args holds the action's parameters merged with
# the invocation's payload; the returned Hash is the result.
def main(args)
  name = args["name"] || "world"
  puts "Saying hello to #{name}"
  { "greeting" => "Hello, #{name}!" }
end
`;

const PHP = `<?php
// Runs on every invocation. $args holds the action's parameters merged with
// the invocation's payload; the returned array is the result.
function main(array $args): array
{
    $name = $args['name'] ?? 'world';
    echo "Saying hello to $name\n";
    return ['greeting' => "Hello, $name!"];
}
`;

const GO = `package main

import "fmt"

// Main runs on every invocation. obj holds the action's parameters merged
// with the invocation's payload; the returned map is the result.
func Main(obj map[string]interface{}) map[string]interface{} {
	name, ok := obj["name"].(string)
	if !ok {
		name = "world"
	}
	fmt.Println("Saying hello to", name)
	return map[string]interface{}{"greeting": "Hello, " + name + "!"}
}
`;

const JAVA = `import com.google.gson.JsonObject;

// Build a jar of this class (javac -cp gson.jar Hello.java && jar cf hello.jar Hello.class)
// and deploy it with main set to the class name, Hello.
public class Hello {
    public static JsonObject main(JsonObject args) {
        String name = args.has("name") ? args.get("name").getAsString() : "world";
        System.out.println("Saying hello to " + name);
        JsonObject result = new JsonObject();
        result.addProperty("greeting", "Hello, " + name + "!");
        return result;
    }
}
`;

const TEMPLATES: Record<string, string> = { nodejs: NODE, python: PYTHON, ruby: RUBY, php: PHP, go: GO, java: JAVA };

/** The hello world of a kind's family (`ruby` for `ruby:3.3`); empty for sequences and unknown kinds. */
export function templateFor(kind: string): string {
  return TEMPLATES[kind.split(':')[0] ?? ''] ?? '';
}

export const EXAMPLE_PAYLOAD = '{\n  "name": "Brisk"\n}\n';
