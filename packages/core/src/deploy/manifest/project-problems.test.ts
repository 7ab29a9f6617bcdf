// biome-ignore-all lint/suspicious/noTemplateCurlyInString: manifests write ${NAME} in plain strings, which is what these tests feed the parser.
import { describe, expect, it } from 'vitest';
import { MAX_SEQUENCE_LENGTH } from '../../limits.ts';
import { describeProblem, ProjectError } from '../project-spec.ts';
import { codeKinds } from './action-kind.ts';
import { memoryFiles } from './memory-files.ts';
import { parseProject } from './project.ts';
import { lines, problemsOf } from './test-support.ts';

const JS = 'exports.main = () => ({});\n';

/** A manifest of one package p holding `actions` (lines, indented under actions:). */
const withActions = (...actionLines: string[]) => lines('packages:', '  p:', '    actions:', ...actionLines.map((line) => `      ${line}`));

describe('parseProject refuses', () => {
  it('a folder without a manifest, naming both file names', async () => {
    const error = await parseProject(memoryFiles({ 'README.md': 'hi' }), { defaultName: 'app', variables: {} }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProjectError);
    expect(error.problems).toEqual([{ message: 'no manifest.yaml or manifest.yml in the root of the repository.' }]);
    const inFolder = await parseProject(memoryFiles({ 'manifest.yaml': 'packages: {}' }), { defaultName: 'app', variables: {}, root: 'svc' }).catch(
      (caught) => caught,
    );
    expect(inFolder.problems[0].message).toBe('no manifest.yaml or manifest.yml in the folder svc.');
  });

  it('a YAML syntax error, with its file and line', async () => {
    const problems = await problemsOf({ 'manifest.yaml': lines('packages:', '  p:', '    actions:', '      a: {function: a.js', '      b: 1') });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'manifest.yaml', line: expect.any(Number), message: expect.stringMatching(/^YAML: /) });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('a value that contains itself through an alias, and an unknown tag', async () => {
    const problems = await problemsOf({ 'manifest.yaml': lines('loop: &a [*a]', 'packages:', '  p:', '    inputs: {x: *a, y: !secret 1}') });
    expect(problems).toEqual([
      { file: 'manifest.yaml', line: 4, message: 'YAML: Unresolved tag: !secret' },
      { file: 'manifest.yaml', line: 1, message: 'loop is not a key Brisk knows in the manifest; use: project, packages.' },
      { file: 'manifest.yaml', line: 4, message: 'YAML: this value contains itself (through an alias), which no parameter can.' },
    ]);
  });

  it('a duplicate key, at the line of the second', async () => {
    const problems = await problemsOf({ 'manifest.yaml': lines('packages:', '  p:', '    inputs: {a: 1}', '    inputs: {a: 2}') });
    expect(problems).toEqual([{ file: 'manifest.yaml', line: 4, message: 'YAML: Map keys must be unique' }]);
  });

  it('a syntax error in the deployment file, naming that file', async () => {
    const problems = await problemsOf({
      'manifest.yaml': withActions('a: {function: a.js}'),
      'a.js': JS,
      'deployment.yaml': lines('packages:', '  p:', '    inputs:', '      a: 1', '     b: 2'),
    });
    expect(problems).toEqual([{ file: 'deployment.yaml', line: 5, message: 'YAML: All mapping items must start at the same column' }]);
  });

  it('an unknown runtime, listing the supported ones', async () => {
    const problems = await problemsOf({ 'manifest.yaml': withActions('a:', '  function: a.js', '  runtime: cobol:85'), 'a.js': JS });
    expect(problems).toEqual([
      {
        file: 'manifest.yaml',
        line: 6,
        entity: 'action p/a',
        message: `the runtime cobol:85 is not supported; the runtimes Brisk runs are: ${codeKinds().join(', ')}.`,
      },
    ]);
    expect(codeKinds()).toEqual(expect.arrayContaining(['nodejs:18', 'python:3.13', 'ruby:default', 'php:8.4', 'java:21']));
  });

  it('a file whose runtime cannot be inferred, and a folder or zip without one', async () => {
    const problems = await problemsOf({
      'manifest.yaml': withActions('a: {function: a.go}', 'b: {function: lib}', 'c: {function: c.zip}'),
      'a.go': 'package main',
      'lib/index.js': JS,
      'c.zip': Buffer.from('PK\x05\x06'.padEnd(22, '\0'), 'latin1'),
    });
    expect(problems.map((problem) => [problem.entity, problem.message.split(';')[0]])).toEqual([
      ['action p/a', 'give a runtime: none can be inferred from the file name "a.go"'],
      ['action p/b', 'give a runtime: none can be inferred from a folder'],
      ['action p/c', 'give a runtime: none can be inferred from a zip'],
    ]);
  });

  it('a missing function file, a path leaving the project, an action without code, and a .zip that is not one', async () => {
    const problems = await problemsOf({
      'manifest.yaml': withActions(
        'a: {function: gone.js}',
        'b: {function: ../secrets/x.js}',
        'c: {function: /etc/passwd}',
        'd: {runtime: nodejs}',
        'e: {function: e.zip, runtime: nodejs}',
      ),
      'e.zip': 'not a zip',
    });
    expect(problems).toEqual([
      { file: 'manifest.yaml', line: 4, entity: 'action p/a', message: 'function "gone.js" is not a file or folder of the project (links are not followed).' },
      { file: 'manifest.yaml', line: 5, entity: 'action p/b', message: 'function "../secrets/x.js" leaves the project folder; give a path inside it.' },
      { file: 'manifest.yaml', line: 6, entity: 'action p/c', message: 'function "/etc/passwd" leaves the project folder; give a path inside it.' },
      { file: 'manifest.yaml', line: 7, entity: 'action p/d', message: 'an action needs a function (a file or folder of the project) or inline code.' },
      { file: 'manifest.yaml', line: 8, entity: 'action p/e', message: 'function "e.zip" is named .zip but is not a zip file.' },
    ]);
  });

  it('a function path that climbs out of a monorepo subfolder, even into the same repository', async () => {
    const error = await parseProject(memoryFiles({ 'svc/manifest.yaml': withActions('a: {function: ../shared/a.js}'), 'shared/a.js': JS }), {
      defaultName: 'app',
      variables: {},
      root: 'svc',
    }).catch((caught) => caught);
    expect(error.problems).toEqual([
      { file: 'manifest.yaml', line: 4, entity: 'action p/a', message: 'function "../shared/a.js" leaves the project folder; give a path inside it.' },
    ]);
  });

  it('source that is not UTF-8 text', async () => {
    const problems = await problemsOf({ 'manifest.yaml': withActions('a: {function: a.js}'), 'a.js': Buffer.from([0xff, 0xfe, 0x00, 0x41]) });
    expect(problems[0]!.message).toBe('function "a.js" is not UTF-8 text; give binary code as a .zip or a folder.');
  });

  it('a rule naming an action or trigger the project does not declare', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines(
        'packages:',
        '  p:',
        '    actions:',
        '      a: {function: a.js}',
        '    triggers:',
        '      t: {}',
        '    rules:',
        '      r1: {trigger: t, action: missing}',
        '      r2: {trigger: nowhere, action: a}',
        '      r3: {trigger: t, action: /guest/shared/tool}',
      ),
      'a.js': JS,
    });
    expect(problems).toEqual([
      {
        file: 'manifest.yaml',
        line: 8,
        entity: 'rule r1',
        message:
          'rule r1 names action p/missing, which the project does not declare; an action outside the project is named absolutely, as /namespace/package/action.',
      },
      { file: 'manifest.yaml', line: 9, entity: 'rule r2', message: 'rule r2 names trigger nowhere, which the project does not declare.' },
    ]);
  });

  it('a rule without trigger or action, and with a condition other than true', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines('packages:', '  p:', '    rules:', '      r: {rule: "x > 1"}'),
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      'a rule needs trigger: the name of a trigger of the project.',
      'a rule needs action: the name of an action.',
      'rule must be true (the only condition OpenWhisk has), not "x > 1".',
    ]);
  });

  it('unknown and unsupported keys, by name, at every level', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines(
        'project:',
        '  name: shop',
        '  namespace: guest',
        '  packages:',
        '    p:',
        '      apis: {}',
        '      dependencies: {}',
        '      colour: blue',
        '      actions:',
        '        a:',
        '          function: a.js',
        '          docker: openwhisk/skeleton',
        '          timeout: 5',
        '          limits: {memory: 256, codeSize: 1}',
        '      triggers:',
        '        t: {credential: abc}',
        '      rules:',
        '        r: {trigger: t, action: a, annotations: {x: 1}}',
      ),
      'a.js': JS,
    });
    expect(problems.map((problem) => `${problem.line} ${problem.entity ?? '-'}: ${problem.message}`)).toEqual([
      '3 project: namespace is not read from a manifest: a project deploys into the namespace its source is connected to.',
      '6 package p: apis is not supported by Brisk yet (API gateway routes).',
      '7 package p: dependencies is not supported by Brisk yet (package bindings and other projects).',
      '8 package p: colour is not a key Brisk knows in a package; use: version, license, description, public, inputs, annotations, actions, sequences, triggers, rules.',
      '12 action p/a: docker is not supported by Brisk yet (blackbox actions).',
      '13 action p/a: timeout is not a key Brisk knows in an action; use: function, code, runtime, kind, main, inputs, annotations, limits, web, web-export, description, version.',
      '14 action p/a: memory is not a key Brisk knows in limits; use: timeout, memorySize, logSize, concurrentActivations.',
      "14 action p/a: codeSize is not a limit an action can set (the code limit is the platform's).",
      '16 trigger t: credential is not read from a manifest: a project deploys into the namespace its source is connected to.',
      '18 rule r: annotations is not supported by Brisk yet (rules have no annotations).',
    ]);
  });

  it('an undefined variable, naming it, wherever it is used', async () => {
    const problems = await problemsOf(
      {
        'manifest.yaml': lines(
          'packages:',
          '  p:',
          '    inputs: {url: "https://${HOST}/x", key: $API_KEY}',
          '    actions:',
          '      a: {function: a.js, annotations: {auth: $AUTH}}',
          '    triggers:',
          '      t: {feed: "${FEEDS}/changes"}',
        ),
        'a.js': JS,
      },
      { HOST: 'example.com' },
    );
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [3, "the variable API_KEY is not defined; define it in the source's variables."],
      [5, "the variable AUTH is not defined; define it in the source's variables."],
      [7, "the variable FEEDS is not defined; define it in the source's variables."],
    ]);
  });

  it('never reads the process environment for variables', async () => {
    process.env.BRISK_MANIFEST_TEST_SECRET = 'leaked';
    try {
      const problems = await problemsOf({ 'manifest.yaml': lines('packages:', '  p:', '    inputs: {x: $BRISK_MANIFEST_TEST_SECRET}') });
      expect(problems[0]!.message).toContain('BRISK_MANIFEST_TEST_SECRET is not defined');
    } finally {
      delete process.env.BRISK_MANIFEST_TEST_SECRET;
    }
  });

  it('limits out of range or not whole numbers, naming the limit, value and range', async () => {
    const problems = await problemsOf({
      'manifest.yaml': withActions('a:', '  function: a.js', '  limits: {timeout: 50, memorySize: 4096, logSize: 1.5, concurrentActivations: 501}'),
      'a.js': JS,
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      'limits.timeout is 50 ms, outside the range 100–300000 ms.',
      'limits.memorySize is 4096 MB, outside the range 128–512 MB.',
      'limits.logSize must be a whole number of MB, not 1.5.',
      'limits.concurrentActivations is 501 activations, outside the range 1–500 activations.',
    ]);
  });

  it('typed inputs whose value does not match their type, and unknown types', async () => {
    const problems = await problemsOf(
      {
        'manifest.yaml': lines(
          'packages:',
          '  p:',
          '    inputs:',
          '      a: {type: integer, value: eighty}',
          '      b: {type: boolean, value: $FLAG}',
          '      c: {type: json, value: "{not json"}',
          '      d: {type: date, value: 2020-01-01}',
          '      e: {type: string, value: 1.0}',
          '      f: .inf',
        ),
      },
      { FLAG: 'maybe' },
    );
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [4, 'the input a is declared integer but its value is "eighty".'],
      [5, 'the input b is declared boolean but its value is "maybe".'],
      [6, 'the input c is declared json but its value is "{not json".'],
      [7, 'the input d has type "date"; use one of: string, integer, float, boolean, json.'],
      [8, 'the input e is declared string but its value is 1.'],
      [9, 'f has a value that is not JSON (an infinity, NaN or binary data).'],
    ]);
  });

  it('bad names, with the API’s own wording', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines('project: {name: "my project!"}', 'packages: {}'),
    });
    expect(problems[0]!.message).toMatch(/The project name "my project!" is not valid/);
    const more = await problemsOf({ 'manifest.yaml': withActions('"-bad": {code: x, runtime: nodejs}') });
    expect(more).toEqual([{ file: 'manifest.yaml', line: 4, entity: 'action p/-bad', message: expect.stringMatching(/The action name "-bad" is not valid/) }]);
  });

  it('an action and a sequence of the same name in one package', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines('packages:', '  p:', '    actions:', '      a: {code: x, runtime: nodejs}', '    sequences:', '      a: {actions: a}'),
    });
    expect(problems).toEqual([
      { file: 'manifest.yaml', line: 6, entity: 'sequence p/a', message: 'sequence p/a has the name of an action declared at line 4.' },
    ]);
  });

  it('a trigger or rule declared in two packages: they share the namespace', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines(
        'packages:',
        '  p:',
        '    actions: {a: {code: x, runtime: nodejs}}',
        '    triggers: {t: {}}',
        '    rules: {r: {trigger: t, action: a}}',
        '  q:',
        '    triggers: {t: {}}',
        '    rules: {r: {trigger: t, action: p/a}}',
      ),
    });
    expect(problems.map((problem) => [problem.line, problem.entity, problem.message.split(';')[0]])).toEqual([
      [7, 'trigger t', 'trigger t is declared again (first at line 4)'],
      [8, 'rule r', 'rule r is declared again (first at line 5)'],
    ]);
  });

  it('sequences naming undeclared actions, containing themselves, or too long', async () => {
    const long = Array.from({ length: MAX_SEQUENCE_LENGTH + 1 }, () => 'a').join(', ');
    const problems = await problemsOf({
      'manifest.yaml': lines(
        'packages:',
        '  p:',
        '    actions: {a: {code: x, runtime: nodejs}}',
        '    sequences:',
        '      s1: {actions: "a, ghost"}',
        '      s2: {actions: "a, s3"}',
        '      s3: {actions: [s2]}',
        `      s4: {actions: "${long}"}`,
        '      s5: {actions: "a,,a"}',
        '      s6: {}',
      ),
    });
    expect(problems.map((problem) => [problem.line, problem.message.split(';')[0]])).toEqual([
      [8, `a sequence has at most ${MAX_SEQUENCE_LENGTH} actions`],
      [9, 'actions has an empty name (two commas in a row, or one at an end).'],
      [10, 'a sequence needs actions: the names of its actions, in order, separated by commas.'],
      [5, 'sequence p/s1 names action p/ghost, which the project does not declare'],
      [6, 'sequence p/s2 contains itself: p/s2 → p/s3 → p/s2.'],
    ]);
  });

  it('a deployment file naming what the manifest does not declare, or another project', async () => {
    const problems = await problemsOf({
      'manifest.yaml': lines('project:', '  name: shop', '  packages:', '    p:', '      actions: {a: {code: x, runtime: nodejs}}'),
      'deployment.yaml': lines(
        'project:',
        '  name: other',
        '  packages:',
        '    p:',
        '      actions: {b: {inputs: {x: 1}}}',
        '      triggers: {t: {inputs: {x: 1}}}',
        '      sequences: {}',
        '    q: {inputs: {x: 1}}',
      ),
    });
    expect(problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`)).toEqual([
      'deployment.yaml:7 sequences is not a key Brisk knows in a package; use: inputs, actions, triggers.',
      'deployment.yaml:5 the deployment file names action b in package p, which the manifest does not declare.',
      'deployment.yaml:6 the deployment file names trigger t in package p, which the manifest does not declare.',
      'deployment.yaml:8 the deployment file names package q, which the manifest does not declare.',
      "deployment.yaml:2 the deployment file is for project other, but the manifest's project is shop.",
    ]);
  });

  it('an empty manifest, and inputs on the default package', async () => {
    expect(await problemsOf({ 'manifest.yaml': '' })).toEqual([
      { file: 'manifest.yaml', message: 'the manifest declares no packages; declare at least one under packages (default for actions without a package).' },
    ]);
    const problems = await problemsOf({
      'manifest.yaml': lines('packages:', '  default:', '    inputs: {x: 1}', '    actions: {a: {code: x, runtime: nodejs}}'),
    });
    expect(problems[0]).toMatchObject({ line: 3, entity: 'the default package', message: expect.stringContaining('the default package has no inputs') });
  });

  it('many problems at once, in one ProjectError whose message lists them all', async () => {
    const error = await parseProject(
      memoryFiles({
        'manifest.yaml': lines(
          'packages:',
          '  p:',
          '    apis: {}',
          '    inputs: {k: $MISSING}',
          '    actions:',
          '      a: {function: gone.js}',
          '      b: {function: b.js, runtime: ruby:2.5, limits: {timeout: 1}}',
          '    rules:',
          '      r: {trigger: none, action: a}',
        ),
        'b.js': JS,
      }),
      { defaultName: 'app', variables: {} },
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProjectError);
    expect(error.problems.map((problem: { line: number }) => problem.line)).toEqual([3, 4, 6, 7, 7, 9]);
    expect(error.message.split('\n')).toEqual(error.problems.map(describeProblem));
    expect(error.message).toContain('manifest.yaml:9: rule r: rule r names trigger none, which the project does not declare.');
  });
});
