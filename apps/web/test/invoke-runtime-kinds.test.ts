// OpenWhisk's behaviours for every Node.js and Python kind the manifest
// offers, against its real image: a run with a log line cold then warm (on
// the interpreter the kind names), an error, a non-object result, a timeout,
// the memory limit, a syntax error at init and a zip action.
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import manifest from '../../../runtimes/manifest.json' with { type: 'json' };
import { annotationValue, guest, uniqueName } from './helpers';

interface Language {
  /** `main` that logs a line and returns the interpreter's version. */
  hello: string;
  throws: string;
  nonObject: string;
  sleeps: string;
  hogs: string;
  syntaxError: string;
  zip: Record<string, string>;
}

const LANGUAGES: Record<string, Language> = {
  nodejs: {
    hello: `function main(params) {\n  console.log('Hello World');\n  return { hello: params.name ?? 'world', version: process.versions.node };\n}`,
    throws: `function main() { throw new Error('boom in main'); }`,
    nonObject: `function main() { return 42; }`,
    sleeps: `async function main() { console.log('going to sleep'); await new Promise(r => setTimeout(r, 5000)); return { woke: true }; }`,
    hogs: `function main() { const hoard = []; for (;;) hoard.push(Buffer.alloc(8 * 1024 * 1024, 1)); }`,
    syntaxError: `function main( { return {}; }`,
    zip: {
      'package.json': '{"main": "lib/entry.js"}',
      'lib/entry.js': `const { greet } = require('./greet');\nexports.main = (params) => ({ zipped: greet(params.name) });`,
      'lib/greet.js': `exports.greet = (name) => 'hi ' + name;`,
    },
  },
  python: {
    hello: `import sys\n\ndef main(args):\n    print("Hello World")\n    return {"hello": args.get("name", "world"), "version": "%d.%d.%d" % sys.version_info[:3]}\n`,
    throws: `def main(args):\n    raise ValueError("boom in main")\n`,
    nonObject: `def main(args):\n    return [1, 2]\n`,
    sleeps: `import time\n\ndef main(args):\n    print("going to sleep", flush=True)\n    time.sleep(5)\n    return {"woke": True}\n`,
    // Bytes that are written, not calloc'd pages the kernel never backs.
    hogs: `def main(args):\n    hoard = []\n    while True:\n        hoard.append(b"x" * (8 * 1024 * 1024))\n`,
    syntaxError: `def main(args)\n    return {}\n`,
    zip: {
      '__main__.py': `from greet import greet\n\ndef main(args):\n    return {"zipped": greet(args["name"])}\n`,
      'greet.py': `def greet(name):\n    return "hi " + name\n`,
    },
  },
};

/** One kind per image (its most specific name: python:3.11 rather than python:3). */
const KINDS = manifest.runtimes.filter((runtime) => runtime.dir in LANGUAGES).map((runtime) => ({ kind: runtime.kinds.at(-1)!, family: runtime.dir }));

function zipOf(files: Record<string, string>): string {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer().toString('base64');
}

describe.each(KINDS)('a $kind action', ({ kind, family }) => {
  const language = LANGUAGES[family]!;
  const action = (code: string, extra: Record<string, unknown> = {}) => ({ exec: { kind, code }, ...extra });
  const version = kind.slice(kind.indexOf(':') + 1);

  it('logs and returns on the interpreter its kind names, cold and then warm', async () => {
    const name = uniqueName(`hello-${kind.replace(/\W/g, '')}`);
    expect((await guest.putAction(name, action(language.hello))).status).toBe(200);

    const cold = await guest.invoke(name);
    expect(cold.status).toBe(200);
    expect(cold.body.response).toMatchObject({ statusCode: 0, success: true, result: { hello: 'world' } });
    expect(`${cold.body.response.result.version}.`.startsWith(`${version}.`)).toBe(true);
    expect(cold.body.logs).toHaveLength(1);
    expect(cold.body.logs[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout: Hello World$/);
    expect(annotationValue(cold.body, 'initTime')).toEqual(expect.any(Number));
    expect(annotationValue(cold.body, 'kind')).toBe(kind);

    const warm = await guest.invoke(name, { name: 'Brisk' });
    expect(warm.status).toBe(200);
    expect(warm.body.response.result).toEqual({ hello: 'Brisk', version: cold.body.response.result.version });
    expect(annotationValue(warm.body, 'initTime')).toBeUndefined();
    expect(warm.body.logs).toHaveLength(1);
  });

  it('that throws ends as an action developer error carrying the message', async () => {
    const name = uniqueName('throws');
    await guest.putAction(name, action(language.throws));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response).toMatchObject({ statusCode: 2, status: 'action developer error' });
    expect(run.body.response.result.error).toMatch(/Error: boom in main/);
  });

  it('that returns a non-object ends as an action developer error', async () => {
    const name = uniqueName('non-object');
    await guest.putAction(name, action(language.nonObject));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action did not return a dictionary.');
  });

  it('that sleeps past its timeout is killed, with its logs kept', async () => {
    const name = uniqueName('sleeper');
    await guest.putAction(name, action(language.sleeps, { limits: { timeout: 1000 } }));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action exceeded its time limit of 1000 milliseconds.');
    expect(annotationValue(run.body, 'timeout')).toBe(true);
    expect(run.body.logs.join('\n')).toContain('going to sleep');
  });

  it('that allocates past its memory limit ends with a clear error', async () => {
    const name = uniqueName('hog');
    await guest.putAction(name, action(language.hogs, { limits: { memory: 128, timeout: 20000 } }));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(run.body.response.result.error).toBe('The action exhausted its memory and was aborted.');
  });

  it('with a syntax error fails at init with a clear message', async () => {
    const name = uniqueName('syntax');
    await guest.putAction(name, action(language.syntaxError));
    const run = await guest.invoke(name);
    expect(run.status).toBe(502);
    expect(run.body.response.statusCode).toBe(2);
    expect(String(run.body.response.result.error)).toMatch(/^Initialization has failed due to: SyntaxError/);
  });

  it('from a zip file runs with its own modules', async () => {
    const name = uniqueName('zipped');
    const put = await guest.putAction(name, { exec: { kind, code: zipOf(language.zip), binary: true } });
    expect(put.status).toBe(200);
    const run = await guest.invoke(name, { name: 'zip' });
    expect(run.status).toBe(200);
    expect(run.body.response.result).toEqual({ zipped: 'hi zip' });
  });
});
