// The Ruby, PHP and Java launchers on their own, in their real images: each
// is started as the proxy starts it (the image's BRISK_LAUNCHER, cwd = the
// action's folder) under `docker run -i`, fed /run lines on stdin, and its fd 3
// read back: the ack, results, thrown errors, __OW_ variables per run, and the
// logs it leaves on stdout/stderr with unfinished lines ended.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const JDK_IMAGE = 'brisk-base:trixie-jdk';

interface Case {
  image: string;
  /** Source of an action whose entry point `main` greets, logs, throws on `fail`, and returns a list on `list`. */
  files: (dir: string) => Promise<void>;
  /** The action's `main` for that source. */
  main: string;
  /** An action whose load fails, and what the error says. */
  broken: { files: (dir: string) => Promise<void>; main: string; error: RegExp };
  thrown: RegExp;
}

const write = (dir: string, files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
};

const JAVA_HELLO = `import com.google.gson.JsonObject;
public class Hello {
  public static JsonObject main(JsonObject args) {
    System.out.print("partial");
    System.err.println("to stderr");
    if (args.has("fail")) throw new IllegalStateException("boom");
    if (args.has("list")) return null;
    JsonObject out = new JsonObject();
    out.addProperty("greeting", "Hello " + args.get("name").getAsString());
    out.addProperty("id", System.getenv("__OW_ACTIVATION_ID"));
    out.addProperty("deadline", System.getenv("__OW_DEADLINE"));
    return out;
  }
}`;

/** Compiles Hello.java against Gson in the JDK base and jars it as action.jar. */
async function javaJar(dir: string) {
  write(dir, { 'Hello.java': JAVA_HELLO });
  await run('docker', [
    'run',
    '--rm',
    '--network',
    'none',
    '-u',
    `${process.getuid?.() ?? 0}`,
    '-v',
    `${dir}:/src`,
    '-w',
    '/src',
    JDK_IMAGE,
    'sh',
    '-c',
    'javac -cp /usr/share/java/gson.jar Hello.java && jar cf action.jar Hello.class && rm Hello.java Hello.class',
  ]);
}

const CASES: Record<string, Case> = {
  ruby: {
    image: 'brisk-runtime-ruby-3.3:latest',
    main: 'main',
    files: async (dir) =>
      write(dir, {
        'main.rb': `puts "loading"
def main(args)
  print "partial"
  $stderr.puts "to stderr"
  raise ArgumentError, "boom" if args["fail"]
  return [1, 2] if args["list"]
  { "greeting" => "Hello #{args['name']}", "id" => ENV["__OW_ACTIVATION_ID"], "deadline" => ENV["__OW_DEADLINE"] }
end
`,
      }),
    broken: { files: async (dir) => write(dir, { 'main.rb': 'def main(args) { "a" => 1\n' }), main: 'main', error: /^SyntaxError: .*main\.rb:1: syntax error/ },
    thrown: /^ArgumentError: boom$/,
  },
  php: {
    image: 'brisk-runtime-php-8.4:latest',
    main: 'main',
    files: async (dir) =>
      write(dir, {
        'index.php': `<?php
echo "loading\\n";
function main(array $args): array {
  echo "partial";
  fwrite(STDERR, "to stderr\\n");
  if (isset($args['fail'])) throw new InvalidArgumentException('boom');
  if (isset($args['list'])) return [1, 2];
  return ['greeting' => "Hello {$args['name']}", 'id' => getenv('__OW_ACTIVATION_ID'), 'deadline' => $_ENV['__OW_DEADLINE'] ?? null];
}
`,
      }),
    broken: {
      files: async (dir) => write(dir, { 'index.php': '<?php\nfunction main(array $args): array { return [ }\n' }),
      main: 'main',
      error: /^ParseError: .+ in \/action\/index\.php on line 2$/,
    },
    thrown: /^InvalidArgumentException: boom$/,
  },
  java: {
    image: 'brisk-runtime-java-21:latest',
    main: 'Hello',
    files: javaJar,
    broken: { files: javaJar, main: 'Nope', error: /^java\.lang\.ClassNotFoundException: the jar has no class named 'Nope'/ },
    thrown: /^java\.lang\.IllegalStateException: boom$/,
  },
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function actionDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brisk-launcher-test-'));
  dirs.push(dir);
  chmodSync(dir, 0o755); // the image's user reads it
  return dir;
}

/**
 * Runs the image's launcher on the folder (mounted read-only as the action's
 * folder) with `lines` on stdin: fd 3 comes back as `channel`, the action's
 * stdout and stderr as they are.
 */
function launch(image: string, dir: string, main: string, lines: unknown[]) {
  // python3 is in every launcher image (it hosts the proxy): it moves fd 1 to 3 and the logs to files.
  const start = `import json, os
os.chdir("/action")
os.dup2(1, 3)
os.dup2(os.open("/tmp/out", os.O_WRONLY | os.O_CREAT), 1)
os.dup2(os.open("/tmp/err", os.O_WRONLY | os.O_CREAT), 2)
cmd = json.loads(os.environ["BRISK_LAUNCHER"])
pid = os.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
os.dup2(3, 1)
print(json.dumps({"code": code, "out": open("/tmp/out").read(), "err": open("/tmp/err").read()}))`;
  const child = spawn(
    'docker',
    [
      'run',
      '--rm',
      '-i',
      '--network',
      'none',
      '--read-only',
      '--tmpfs',
      '/tmp:rw,exec',
      '-e',
      `BRISK_ACTION_MAIN=${main}`,
      '-v',
      `${dir}:/action:ro`,
      image,
      'python3',
      '-c',
      start,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  child.stdin.end(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise<{ channel: unknown[]; code: number; out: string; err: string }>((resolve, reject) =>
    child.on('close', (code) => {
      try {
        const all = stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        const exit = all.pop() as { code: number; out: string; err: string };
        resolve({ channel: all, ...exit });
      } catch {
        reject(new Error(`docker run ${image} exited ${code} with ${JSON.stringify(stdout)} on stdout`));
      }
    }),
  );
}

describe.each(Object.entries(CASES))('the %s launcher', (_language, spec) => {
  it('acks, answers each run on fd 3 with __OW_ values of that run, and ends unfinished lines', async () => {
    const dir = actionDir();
    await spec.files(dir);
    const { channel, code, out, err } = await launch(spec.image, dir, spec.main, [
      { value: { name: 'Ada' }, activation_id: 'a1', deadline: 1767225600000 },
      { value: { fail: true }, activation_id: 'a2' },
      { value: { list: true } },
      { value: { name: 'Bo' }, activation_id: 'a4' },
    ]);
    expect(code).toBe(0); // EOF on stdin ends it
    expect(channel[0]).toEqual({ ok: true });
    expect(channel[1]).toEqual({ result: { greeting: 'Hello Ada', id: 'a1', deadline: '1767225600000' } });
    expect(channel[2]).toEqual({ thrown: expect.stringMatching(spec.thrown) });
    const nonObject = (channel[3] as { result: unknown }).result; // a list, or null: never an object
    expect(nonObject === null || Array.isArray(nonObject)).toBe(true);
    // The last run's variables only: no deadline was sent with it.
    expect(channel[4]).toMatchObject({ result: { greeting: 'Hello Bo', id: 'a4' } });
    expect((channel[4] as { result: { deadline?: unknown } }).result.deadline ?? null).toBeNull();
    expect(channel).toHaveLength(5);
    expect(out).toMatch(/(^|\n)partial\npartial\npartial\npartial\n$/);
    expect(err.split('\n').filter((line) => line === 'to stderr')).toHaveLength(4);
    expect(err).toMatch(/boom/); // the stack trace
  });

  it('that cannot load the action says why on fd 3 and exits', async () => {
    const dir = actionDir();
    await spec.broken.files(dir);
    const { channel, code, err } = await launch(spec.image, dir, spec.broken.main, [{ value: {} }]);
    expect(code).not.toBe(0);
    expect(channel).toEqual([{ error: expect.stringMatching(spec.broken.error) }]);
    expect(err.length).toBeGreaterThan(0);
  });
});
