// OpenWhisk's behaviours for the Ruby, PHP and Java kinds (the Python proxy in
// launcher mode, runtimes/README.md), through the real worker and images: a
// run with a log line cold then warm, an error, a non-object result, a
// timeout, the memory limit, a load error at init, a zip (jar) action, and
// __OW_ACTIVATION_ID per run. Java's code is a jar built here with javac.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { beforeAll, describe, expect, it } from 'vitest';
import { annotationValue, guest, uniqueName } from './helpers';

const run = promisify(execFile);

/** An action's code: source text, or a zip/jar (base64) with `main` naming its entry point. */
type Code = { code: string; binary?: boolean; main?: string };

interface Language {
  kind: string;
  /** Logs "Hello World" and returns `hello` (the name, or "world") and the interpreter's version. */
  hello: () => Code;
  throws: () => Code;
  thrown: RegExp;
  nonObject: () => Code;
  sleeps: () => Code;
  hogs: () => Code;
  memoryError: string | RegExp;
  /** Code that fails to load, and the start of the init error. */
  broken: () => Code;
  brokenError: RegExp;
  /** A zip (jar) whose entry point greets with a helper of its own: `{zipped: "hi <name>"}`. */
  zip: () => Code;
  /** Returns `{id: __OW_ACTIVATION_ID}`. */
  activationId: () => Code;
}

function zipOf(files: Record<string, string>): string {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer().toString('base64');
}

const JAVA_SOURCES: Record<string, string> = {
  'Hello.java': `import com.google.gson.JsonObject;
public class Hello {
  public static JsonObject main(JsonObject args) {
    System.out.println("Hello World");
    JsonObject out = new JsonObject();
    out.addProperty("hello", args.has("name") ? args.get("name").getAsString() : "world");
    out.addProperty("version", System.getProperty("java.version"));
    return out;
  }
  public static JsonObject id(JsonObject args) {
    JsonObject out = new JsonObject();
    out.addProperty("id", System.getenv("__OW_ACTIVATION_ID"));
    return out;
  }
  public static JsonObject none(JsonObject args) { return null; }
  public static JsonObject fail(JsonObject args) { throw new IllegalStateException("boom in main"); }
  public static JsonObject sleep(JsonObject args) throws InterruptedException {
    System.out.println("going to sleep");
    Thread.sleep(5000);
    return new JsonObject();
  }
  public static JsonObject hog(JsonObject args) {
    java.util.List<byte[]> hoard = new java.util.ArrayList<>();
    for (;;) hoard.add(new byte[8 * 1024 * 1024]);
  }
}`,
  'com/example/Greeter.java': `package com.example;
import com.google.gson.JsonObject;
public class Greeter {
  public static JsonObject greet(JsonObject args) {
    JsonObject out = new JsonObject();
    out.addProperty("zipped", Words.hi(args.get("name").getAsString()));
    return out;
  }
}`,
  'com/example/Words.java': 'package com.example;\npublic class Words { static String hi(String name) { return "hi " + name; } }',
};

let jar = '';
/** Compiles JAVA_SOURCES against Gson in the JDK base image into one jar (base64). */
async function buildJar(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brisk-java-action-'));
  try {
    for (const [name, text] of Object.entries(JAVA_SOURCES)) {
      await run('mkdir', ['-p', path.dirname(path.join(dir, name))]);
      writeFileSync(path.join(dir, name), text);
    }
    chmodSync(dir, 0o777);
    const files = Object.keys(JAVA_SOURCES).join(' ');
    await run('docker', [
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${dir}:/src`,
      '-w',
      '/src',
      'brisk-base:trixie-jdk',
      'sh',
      '-c',
      `mkdir out && javac -cp /usr/share/java/gson.jar -d out ${files} && jar cf action.jar -C out .`,
    ]);
    return readFileSync(path.join(dir, 'action.jar')).toString('base64');
  } finally {
    await run('rm', ['-rf', dir]).catch(() => rmSync(dir, { recursive: true, force: true }));
  }
}
const java = (main: string): Code => ({ code: jar, binary: true, main });

const LANGUAGES: Language[] = [
  {
    kind: 'ruby:3.3',
    hello: () => ({ code: `def main(args)\n  puts "Hello World"\n  { "hello" => args["name"] || "world", "version" => RUBY_VERSION }\nend\n` }),
    throws: () => ({ code: `def main(args)\n  raise ArgumentError, "boom in main"\nend\n` }),
    thrown: /^ArgumentError: boom in main$/,
    nonObject: () => ({ code: 'def main(args) = [1, 2]\n' }),
    sleeps: () => ({ code: `def main(args)\n  puts "going to sleep"\n  sleep 5\n  { "woke" => true }\nend\n` }),
    hogs: () => ({ code: `def main(args)\n  hoard = []\n  loop { hoard << ("x" * (8 * 1024 * 1024)) }\nend\n` }),
    memoryError: 'The action exhausted its memory and was aborted.',
    broken: () => ({ code: `def main(args)\n  { "a" => 1\n` }),
    brokenError: /^Initialization has failed due to: SyntaxError: .*main\.rb:\d+: syntax error/,
    zip: () => ({
      binary: true,
      code: zipOf({
        'main.rb': `require_relative "lib/greet"\nrequire "shout"\n\ndef main(args)\n  { "zipped" => Shout.quiet(greet(args["name"])) }\nend\n`,
        'lib/greet.rb': `def greet(name) = "hi #{name}"\n`,
        // A vendored gem without a Gemfile: its lib/ is on the load path.
        'vendor/bundle/ruby/3.3.0/gems/shout-1.0.0/lib/shout.rb': 'module Shout\n  def self.quiet(text) = text.downcase\nend\n',
      }),
    }),
    activationId: () => ({ code: 'def main(args) = { "id" => ENV["__OW_ACTIVATION_ID"] }\n' }),
  },
  {
    kind: 'php:8.4',
    hello: () => ({
      code: `<?php\nfunction main(array $args): array {\n    echo "Hello World\\n";\n    return ['hello' => $args['name'] ?? 'world', 'version' => PHP_VERSION];\n}\n`,
    }),
    throws: () => ({ code: `<?php\nfunction main(array $args): array {\n    throw new RuntimeException('boom in main');\n}\n` }),
    thrown: /^RuntimeException: boom in main$/,
    nonObject: () => ({ code: '<?php\nfunction main(array $args) {\n    return 42;\n}\n' }),
    sleeps: () => ({ code: `<?php\nfunction main(array $args): array {\n    echo "going to sleep\\n";\n    sleep(5);\n    return ['woke' => true];\n}\n` }),
    hogs: () => ({ code: `<?php\nfunction main(array $args): array {\n    $hoard = [];\n    while (true) $hoard[] = str_repeat('x', 8 * 1024 * 1024);\n}\n` }),
    memoryError: 'The action exhausted its memory and was aborted.',
    broken: () => ({ code: '<?php\nfunction main(array $args): array { return [ }\n' }),
    brokenError: /^Initialization has failed due to: ParseError: .* on line 2$/,
    zip: () => ({
      binary: true,
      code: zipOf({
        'index.php': `<?php\nfunction main(array $args): array {\n    return ['zipped' => (new Acme\\Greeter())->greet($args['name'])];\n}\n`,
        // What Composer writes, cut down: vendor/autoload.php registers the package's classes.
        'vendor/autoload.php': `<?php\nspl_autoload_register(function ($class) {\n    $file = __DIR__ . '/acme/src/' . str_replace('Acme\\\\', '', $class) . '.php';\n    if (is_file($file)) require $file;\n});\n`,
        'vendor/acme/src/Greeter.php': `<?php\nnamespace Acme;\nclass Greeter {\n    public function greet(string $name): string { return "hi $name"; }\n}\n`,
      }),
    }),
    activationId: () => ({ code: `<?php\nfunction main(array $args): array {\n    return ['id' => getenv('__OW_ACTIVATION_ID')];\n}\n` }),
  },
  {
    kind: 'java:21',
    hello: () => java('Hello'),
    throws: () => java('Hello#fail'),
    thrown: /^java\.lang\.IllegalStateException: boom in main$/,
    nonObject: () => java('Hello#none'),
    sleeps: () => java('Hello#sleep'),
    hogs: () => java('Hello#hog'),
    // The heap (a share of the container's memory) runs out before the container's limit.
    memoryError: /^java\.lang\.OutOfMemoryError: Java heap space$/,
    broken: () => java('Hello#mian'),
    brokenError:
      /^Initialization has failed due to: java\.lang\.NoSuchMethodException: the class 'Hello' has no method public static JsonObject mian\(JsonObject args\)$/,
    zip: () => java('com.example.Greeter#greet'),
    activationId: () => java('Hello#id'),
  },
];

beforeAll(async () => {
  jar = await buildJar();
}, 120_000);

describe.each(LANGUAGES)('a $kind action', (language) => {
  const { kind } = language;
  const action = ({ code, binary, main }: Code, extra: Record<string, unknown> = {}) => ({
    exec: { kind, code, ...(binary ? { binary } : {}), ...(main ? { main } : {}) },
    ...extra,
  });
  const version = kind.slice(kind.indexOf(':') + 1);

  it('logs and returns on the interpreter its kind names, cold and then warm', async () => {
    const name = uniqueName(`hello-${kind.replace(/\W/g, '')}`);
    expect((await guest.putAction(name, action(language.hello()))).status).toBe(200);

    const cold = await guest.invoke(name);
    expect(cold.status).toBe(200);
    expect(cold.body.response).toMatchObject({ statusCode: 0, success: true, result: { hello: 'world' } });
    expect(`${cold.body.response.result.version}.`.startsWith(`${version}.`)).toBe(true);
    expect(cold.body.logs).toHaveLength(1);
    expect(cold.body.logs[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout: Hello World$/);
    expect(annotationValue(cold.body, 'initTime')).toEqual(expect.any(Number));

    const warm = await guest.invoke(name, { name: 'Brisk' });
    expect(warm.status).toBe(200);
    expect(warm.body.response.result).toEqual({ hello: 'Brisk', version: cold.body.response.result.version });
    expect(annotationValue(warm.body, 'initTime')).toBeUndefined();
    expect(warm.body.logs).toHaveLength(1);
  });

  it('that throws ends as an action developer error carrying the message', async () => {
    const name = uniqueName('throws');
    await guest.putAction(name, action(language.throws()));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response).toMatchObject({ statusCode: 2, status: 'action developer error' });
    expect(run.body.response.result.error).toMatch(language.thrown);
    expect(run.body.logs.join('\n')).toContain('boom in main'); // the stack trace, on stderr
  });

  it('that returns a non-object ends as an action developer error', async () => {
    const name = uniqueName('non-object');
    await guest.putAction(name, action(language.nonObject()));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action did not return a dictionary.');
  });

  it('that sleeps past its timeout is killed, with its logs kept', async () => {
    const name = uniqueName('sleeper');
    await guest.putAction(name, action(language.sleeps(), { limits: { timeout: 1000 } }));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action exceeded its time limit of 1000 milliseconds.');
    expect(run.body.logs.join('\n')).toContain('going to sleep');
  });

  it('that allocates past its memory limit ends with a clear error', async () => {
    const name = uniqueName('hog');
    await guest.putAction(name, action(language.hogs(), { limits: { memory: 128, timeout: 20000 } }));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toMatch(language.memoryError);
  });

  it('that does not load fails at init with a clear message', async () => {
    const name = uniqueName('broken');
    await guest.putAction(name, action(language.broken()));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(String(run.body.response.result.error)).toMatch(language.brokenError);
  });

  it('from a zip file (a jar) runs with its own code and packages', async () => {
    const name = uniqueName('zipped');
    const put = await guest.putAction(name, action(language.zip()));
    expect(put.status).toBe(200);
    const run = await guest.invoke(name, { name: 'zip' });
    expect(run.status).toBe(200);
    expect(run.body.response.result).toEqual({ zipped: 'hi zip' });
  });

  it('sees the activation id of each run in __OW_ACTIVATION_ID', async () => {
    const name = uniqueName('activation-id');
    await guest.putAction(name, action(language.activationId()));
    const first = await guest.invoke(name);
    const second = await guest.invoke(name);
    expect(first.body.response.result).toEqual({ id: first.body.activationId });
    expect(second.body.response.result).toEqual({ id: second.body.activationId });
    expect(second.body.activationId).not.toBe(first.body.activationId);
  });
});

describe('a java:21 action', () => {
  it('is refused as source code or with a main that is no class name, with a clear 400', async () => {
    const source = await guest.putAction(uniqueName('java-source'), { exec: { kind: 'java:21', code: JAVA_SOURCES['Hello.java'] } });
    expect(source.status).toBe(400);
    expect(source.body.error).toMatch(/must be a jar .*Java source is not compiled by Brisk/);
    const badMain = await guest.putAction(uniqueName('java-main'), { exec: { kind: 'java:21', code: jar, binary: true, main: 'Hello#' } });
    expect(badMain.status).toBe(400);
    expect(badMain.body.error).toMatch(/is not a class name/);
  });
});
