// biome-ignore-all lint/suspicious/noTemplateCurlyInString: manifests write ${NAME} in plain strings, which is what these tests feed the parser.
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import type { ActionSpec } from '../project-spec.ts';
import { lines, parseFiles } from './test-support.ts';

const HELLO_JS = 'function greet(params) { return { greeting: `${params.greeting} ${params.name}` }; }\n';
const REPORT_PY = 'def main(args):\n    return {"ok": True}\n';

function zipOf(files: Record<string, string>): Buffer {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer();
}

/** name → content of every entry of a base64 zip. */
function unzip(base64: string): Record<string, string> {
  const zip = new AdmZip(Buffer.from(base64, 'base64'));
  return Object.fromEntries(zip.getEntries().map((entry) => [entry.entryName, entry.getData().toString('utf8')]));
}

const byName = (actions: ActionSpec[], path: string) => {
  const found = actions.find((action) => (action.packageName ? `${action.packageName}/${action.name}` : action.name) === path);
  if (!found) throw new Error(`no action ${path}`);
  return found;
};

const SHOP = lines(
  'project:',
  '  name: shop',
  '  packages:',
  '    shop:',
  '      version: 1.0.0',
  '      license: Apache-2.0',
  '      public: true',
  '      description: The shop',
  '      inputs:',
  '        host: https://${HOST}/api',
  '        token: $TOKEN',
  '        price: {type: float, value: 2.5}',
  '        port: {type: integer, value: $PORT}',
  '        cents: "$$5 and $${HOST}"',
  '        plain: no variables here',
  '        config: {retries: 3, urls: ["https://$HOST/a", b]}',
  '        placeholder: string',
  '        nothing: null',
  '      annotations:',
  '        owner: team-a',
  '      actions:',
  '        hello:',
  '          function: src/hello.js',
  '          main: greet',
  '          limits: {timeout: 5000, memorySize: 256, logSize: 5, concurrentActivations: 10}',
  '          web: true',
  '          inputs:',
  '            greeting: Hello',
  '        report:',
  '          function: src/report.py',
  '          runtime: python:default',
  '          web-export: raw',
  '          annotations: {require-whisk-auth: $SECRET}',
  '        bundle:',
  '          function: src/bundle',
  '          runtime: nodejs:18',
  '        zipped:',
  '          function: build/app.zip',
  '          kind: nodejs:default',
  '        inline:',
  '          code: "function main() { return {ok: true}; }"',
  '          runtime: nodejs',
  '      sequences:',
  '        pipeline:',
  '          actions: hello, report, tools/format, /other/pkg/x',
  '          web: yes',
  '          inputs: {step: 1}',
  '      triggers:',
  '        everyHour:',
  '          feed: /whisk.system/alarms/alarm',
  '          inputs:',
  '            cron: "0 * * * *"',
  '      rules:',
  '        hourly:',
  '          trigger: everyHour',
  '          action: pipeline',
  '    tools:',
  '      actions:',
  '        format:',
  '          function: src/format.cjs',
  '    default:',
  '      actions:',
  '        ping:',
  '          function: ping.mjs',
  '      rules:',
  '        pinger:',
  '          trigger: everyHour',
  '          action: ping',
);

const SHOP_FILES = {
  'manifest.yaml': SHOP,
  'src/hello.js': HELLO_JS,
  'src/report.py': REPORT_PY,
  'src/format.cjs': 'exports.main = (p) => p;\n',
  'src/bundle/index.js': 'exports.main = require("./lib/util").main;\n',
  'src/bundle/lib/util.js': 'exports.main = () => ({ from: "bundle" });\n',
  'src/bundle/package.json': '{"main": "index.js"}\n',
  'build/app.zip': zipOf({ 'index.js': 'exports.main = () => ({});' }),
  'ping.mjs': 'export function main() { return { pong: true }; }\n',
};
const VARIABLES = { HOST: 'shop.example.com', TOKEN: 's3cret', PORT: '8080', SECRET: 'letmein' };

describe('parseProject on a full manifest', () => {
  it('names the project, and lists packages, actions, triggers and rules sorted', async () => {
    const spec = await parseFiles(SHOP_FILES, VARIABLES);
    expect(spec.name).toBe('shop');
    expect(spec.packages.map((pkg) => pkg.name)).toEqual(['shop', 'tools']);
    expect(spec.actions.map((action) => [action.packageName, action.name])).toEqual([
      ['', 'ping'],
      ['shop', 'bundle'],
      ['shop', 'hello'],
      ['shop', 'inline'],
      ['shop', 'pipeline'],
      ['shop', 'report'],
      ['shop', 'zipped'],
      ['tools', 'format'],
    ]);
    expect(spec.triggers.map((trigger) => trigger.name)).toEqual(['everyHour']);
    expect(spec.rules.map((rule) => rule.name)).toEqual(['hourly', 'pinger']);
  });

  it('reads package inputs with $VAR and ${VAR} substituted, typed inputs typed, $$ as a dollar', async () => {
    const spec = await parseFiles(SHOP_FILES, VARIABLES);
    const shop = spec.packages[0]!;
    expect(shop.publish).toBe(true);
    expect(shop.parameters).toEqual([
      { key: 'host', value: 'https://shop.example.com/api' },
      { key: 'token', value: 's3cret' },
      { key: 'price', value: 2.5 },
      { key: 'port', value: 8080 },
      { key: 'cents', value: '$5 and ${HOST}' },
      { key: 'plain', value: 'no variables here' },
      { key: 'config', value: { retries: 3, urls: ['https://shop.example.com/a', 'b'] } },
      { key: 'placeholder', value: '' },
      { key: 'nothing', value: null },
    ]);
    expect(shop.annotations).toEqual([
      { key: 'owner', value: 'team-a' },
      { key: 'description', value: 'The shop' },
    ]);
    expect(shop.at).toEqual({ file: 'manifest.yaml', line: 4 });
    expect(spec.packages[1]).toMatchObject({ name: 'tools', publish: false, parameters: [], annotations: [] });
  });

  it('reads a nodejs file action with main, limits, web annotations and inputs', async () => {
    const hello = byName((await parseFiles(SHOP_FILES, VARIABLES)).actions, 'shop/hello');
    expect(hello).toEqual({
      packageName: 'shop',
      name: 'hello',
      exec: { kind: 'nodejs:22', code: HELLO_JS, binary: false, main: 'greet' },
      parameters: [{ key: 'greeting', value: 'Hello' }],
      annotations: [
        { key: 'web-export', value: true },
        { key: 'raw-http', value: false },
        { key: 'final', value: true },
      ],
      limits: { timeoutMs: 5000, memoryMb: 256, logsMb: 5, concurrency: 10 },
      at: { file: 'manifest.yaml', line: 22 },
    });
  });

  it('resolves python:default and turns web-export: raw into a raw web action, annotations substituted', async () => {
    const report = byName((await parseFiles(SHOP_FILES, VARIABLES)).actions, 'shop/report');
    expect(report.exec).toEqual({ kind: 'python:3.13', code: REPORT_PY, binary: false });
    expect(report.annotations).toEqual([
      { key: 'require-whisk-auth', value: 'letmein' },
      { key: 'web-export', value: true },
      { key: 'raw-http', value: true },
      { key: 'final', value: true },
    ]);
    expect(report.limits).toEqual({});
  });

  it('zips a folder function: the zip holds exactly its files, and the same folder gives the same bytes', async () => {
    const first = byName((await parseFiles(SHOP_FILES, VARIABLES)).actions, 'shop/bundle');
    const again = byName((await parseFiles({ ...SHOP_FILES }, VARIABLES)).actions, 'shop/bundle');
    if (!('code' in first.exec) || !('code' in again.exec)) throw new Error('not code');
    expect(first.exec.binary).toBe(true);
    expect(first.exec.kind).toBe('nodejs:18');
    expect(unzip(first.exec.code)).toEqual({
      'index.js': SHOP_FILES['src/bundle/index.js'],
      'lib/util.js': SHOP_FILES['src/bundle/lib/util.js'],
      'package.json': SHOP_FILES['src/bundle/package.json'],
    });
    expect(new AdmZip(Buffer.from(first.exec.code, 'base64')).getEntries().map((entry) => entry.entryName)).toEqual([
      'index.js',
      'lib/util.js',
      'package.json',
    ]);
    expect(again.exec.code).toBe(first.exec.code);
  });

  it('sends a .zip function as its bytes in base64', async () => {
    const zipped = byName((await parseFiles(SHOP_FILES, VARIABLES)).actions, 'shop/zipped');
    expect(zipped.exec).toEqual({ kind: 'nodejs:22', code: SHOP_FILES['build/app.zip'].toString('base64'), binary: true });
  });

  it('takes inline code with its runtime, and infers nodejs for .mjs and .cjs files', async () => {
    const { actions } = await parseFiles(SHOP_FILES, VARIABLES);
    expect(byName(actions, 'shop/inline').exec).toEqual({ kind: 'nodejs:22', code: 'function main() { return {ok: true}; }', binary: false });
    expect(byName(actions, 'ping').exec).toMatchObject({ kind: 'nodejs:22', binary: false });
    expect(byName(actions, 'tools/format').exec).toMatchObject({ kind: 'nodejs:22' });
  });

  it('makes a sequence with bare names qualified to its package and absolute names kept', async () => {
    const pipeline = byName((await parseFiles(SHOP_FILES, VARIABLES)).actions, 'shop/pipeline');
    expect(pipeline.exec).toEqual({ kind: 'sequence', components: ['shop/hello', 'shop/report', 'tools/format', '/other/pkg/x'] });
    expect(pipeline.parameters).toEqual([{ key: 'step', value: 1 }]);
    expect(pipeline.annotations.map((a) => a.key)).toEqual(['web-export', 'raw-http', 'final']);
  });

  it('keeps a trigger feed as written, and qualifies a rule action to its package', async () => {
    const spec = await parseFiles(SHOP_FILES, VARIABLES);
    expect(spec.triggers).toEqual([
      {
        name: 'everyHour',
        parameters: [{ key: 'cron', value: '0 * * * *' }],
        annotations: [],
        feed: '/whisk.system/alarms/alarm',
        at: { file: 'manifest.yaml', line: 49 },
      },
    ]);
    expect(spec.rules).toEqual([
      { name: 'hourly', trigger: 'everyHour', action: 'shop/pipeline', at: { file: 'manifest.yaml', line: 54 } },
      // In the default package a bare name stays bare; the trigger is the namespace's, declared in another package.
      { name: 'pinger', trigger: 'everyHour', action: 'ping', at: { file: 'manifest.yaml', line: 66 } },
    ]);
  });
});

describe('parseProject: the manifest and its project', () => {
  it('accepts bare packages: and manifest.yml, naming the project after the source', async () => {
    const spec = await parseFiles({
      'manifest.yml': lines('packages:', '  default:', '    actions:', '      hi:', '        function: hi.py'),
      'hi.py': REPORT_PY,
    });
    expect(spec.name).toBe('app');
    expect(spec.packages).toEqual([]);
    expect(spec.actions).toMatchObject([{ packageName: '', name: 'hi', exec: { kind: 'python:3.13', code: REPORT_PY } }]);
  });

  it('prefers manifest.yaml over manifest.yml', async () => {
    const spec = await parseFiles({
      'manifest.yaml': lines('project: {name: chosen, packages: {p: {actions: {a: {code: x, runtime: nodejs}}}}}'),
      'manifest.yml': 'this is: [not read',
    });
    expect(spec.name).toBe('chosen');
  });

  it('reads the project from a subfolder: the manifest, its paths and problem locations are relative to it', async () => {
    const spec = await parseFiles(
      {
        'services/api/manifest.yaml': lines('packages:', '  api:', '    actions:', '      get:', '        function: src/get.js'),
        'services/api/src/get.js': HELLO_JS,
        'manifest.yaml': 'not: the one',
      },
      {},
      'services/api',
    );
    expect(spec.actions).toMatchObject([{ packageName: 'api', name: 'get', exec: { code: HELLO_JS }, at: { file: 'manifest.yaml', line: 4 } }]);
  });

  it('gives actions of a web: false (or no) action no web annotations, and keeps user annotations', async () => {
    const spec = await parseFiles({
      'manifest.yaml': lines(
        'packages:',
        '  p:',
        '    actions:',
        '      a: {code: x, runtime: nodejs, web: false, annotations: {final: true, tags: [x, y]}}',
        '      b: {code: x, runtime: nodejs, web: "no"}',
      ),
    });
    expect(spec.actions.map((action) => action.annotations)).toEqual([
      [
        { key: 'final', value: true },
        { key: 'tags', value: ['x', 'y'] },
      ],
      [],
    ]);
  });
});

describe('parseProject with a deployment file', () => {
  const manifest = lines(
    'project:',
    '  name: shop',
    '  packages:',
    '    shop:',
    '      inputs: {token: fromManifest, region: eu}',
    '      actions:',
    '        hello: {function: hello.js, inputs: {greeting: Hello, name: World}}',
    '      sequences:',
    '        both: {actions: "hello, hello"}',
    '      triggers:',
    '        tick: {inputs: {cron: "0 * * * *"}}',
  );

  it('overlays package, action, sequence and trigger inputs by name (project: form)', async () => {
    const spec = await parseFiles(
      {
        'manifest.yaml': manifest,
        'hello.js': HELLO_JS,
        'deployment.yaml': lines(
          'project:',
          '  name: shop',
          '  packages:',
          '    shop:',
          '      inputs: {token: $TOKEN, extra: 1}',
          '      actions:',
          '        hello: {inputs: {greeting: Hi}}',
          '        both: {inputs: {via: deployment}}',
          '      triggers:',
          '        tick: {inputs: {cron: "*/5 * * * *"}}',
        ),
      },
      { TOKEN: 'from-variables' },
    );
    expect(spec.packages[0]!.parameters).toEqual([
      { key: 'token', value: 'from-variables' },
      { key: 'region', value: 'eu' },
      { key: 'extra', value: 1 },
    ]);
    expect(spec.actions.find((action) => action.name === 'hello')!.parameters).toEqual([
      { key: 'greeting', value: 'Hi' },
      { key: 'name', value: 'World' },
    ]);
    expect(spec.actions.find((action) => action.name === 'both')!.parameters).toEqual([{ key: 'via', value: 'deployment' }]);
    expect(spec.triggers[0]!.parameters).toEqual([{ key: 'cron', value: '*/5 * * * *' }]);
  });

  it('takes the project name from the deployment file when the manifest gives none', async () => {
    const spec = await parseFiles({
      'manifest.yaml': lines('packages:', '  p:', '    actions: {a: {code: x, runtime: nodejs}}'),
      'deployment.yaml': lines('project:', '  name: named-here'),
    });
    expect(spec.name).toBe('named-here');
  });

  it('accepts bare packages: in deployment.yml, and fills a typed placeholder', async () => {
    const spec = await parseFiles({
      'manifest.yaml': lines('packages:', '  p:', '    inputs:', '      port: integer', '      name: {type: string, description: who}'),
      'deployment.yml': lines('packages:', '  p:', '    inputs: {port: 8080}'),
    });
    // No actions: a package may hold only inputs; what matters here is the overlay.
    expect(spec.packages[0]!.parameters).toEqual([
      { key: 'port', value: 8080 },
      { key: 'name', value: '' },
    ]);
  });
});
