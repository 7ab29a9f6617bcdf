import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectError } from '../project-spec.ts';
import { directoryFiles } from './directory-files.ts';
import { memoryFiles } from './memory-files.ts';
import { PathEscapeError } from './project-path.ts';
import { parseProject } from './project.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (path → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brisk-manifest-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('directoryFiles', () => {
  it('reads regular files and lists them sorted, recursively, relative to the root', async () => {
    const dir = folder({ 'b.txt': 'b', 'a/z.txt': 'z', 'a/b/c.txt': 'c' });
    const files = directoryFiles(dir);
    expect((await files.read('a/b/c.txt'))?.toString()).toBe('c');
    expect((await files.read('./a/../b.txt'))?.toString()).toBe('b');
    expect(await files.read('missing.txt')).toBeUndefined();
    expect(await files.read('a')).toBeUndefined();
    expect(await files.list('')).toEqual(['a/b/c.txt', 'a/z.txt', 'b.txt']);
    expect(await files.list('a')).toEqual(['a/b/c.txt', 'a/z.txt']);
    expect(await files.list('nowhere')).toEqual([]);
    expect(await files.isDirectory('a/b')).toBe(true);
    expect(await files.isDirectory('')).toBe(true);
    expect(await files.isDirectory('b.txt')).toBe(false);
  });

  it('treats a symbolic link as absent: to a file outside, to a folder outside, and inside the folder too', async () => {
    const outside = folder({ 'secret.txt': 'top secret' });
    const dir = folder({ 'real.js': 'x' });
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.js'));
    symlinkSync(outside, path.join(dir, 'linked'));
    symlinkSync('real.js', path.join(dir, 'alias.js'));
    const files = directoryFiles(dir);
    expect(await files.read('passwd.js')).toBeUndefined();
    expect(await files.read('linked/secret.txt')).toBeUndefined();
    expect(await files.read('alias.js')).toBeUndefined();
    expect(await files.isDirectory('linked')).toBe(false);
    expect(await files.list('linked')).toEqual([]);
    expect(await files.list('')).toEqual(['real.js']);
  });

  it('skips what is not a regular file, such as a FIFO', async () => {
    const dir = folder({ 'a.js': 'x' });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const files = directoryFiles(dir);
    expect(await files.list('')).toEqual(['a.js']);
    expect(await files.read('pipe')).toBeUndefined();
  });

  it('refuses paths that leave the root, however written', async () => {
    const parent = folder({ 'outside.txt': 'no' });
    mkdirSync(path.join(parent, 'project'));
    const files = directoryFiles(path.join(parent, 'project'));
    for (const bad of ['../outside.txt', 'a/../../outside.txt', '/etc/passwd', '..']) {
      await expect(files.read(bad)).rejects.toThrow(PathEscapeError);
      await expect(files.list(bad)).rejects.toThrow(PathEscapeError);
      await expect(files.isDirectory(bad)).rejects.toThrow(PathEscapeError);
    }
  });
});

describe('memoryFiles', () => {
  it('normalises paths, implies folders and refuses paths that leave the root', async () => {
    const files = memoryFiles({ './src/a.js': 'a', 'src/lib/b.js': Buffer.from('b') });
    expect((await files.read('src/a.js'))?.toString()).toBe('a');
    expect(await files.list('src')).toEqual(['src/a.js', 'src/lib/b.js']);
    expect(await files.isDirectory('src/lib')).toBe(true);
    expect(await files.isDirectory('src/a.js')).toBe(false);
    await expect(files.read('../x')).rejects.toThrow(PathEscapeError);
    expect(() => memoryFiles({ '../x': 'no' })).toThrow(PathEscapeError);
  });
});

describe('parseProject over a real folder', () => {
  it('zips a folder function without the links in it, and refuses a function that is a link', async () => {
    const dir = folder({
      'manifest.yaml': ['packages:', '  p:', '    actions:', '      bundle: {function: app, runtime: nodejs}', '      copy: {function: stolen.js}', ''].join(
        '\n',
      ),
      'app/index.js': 'exports.main = () => ({});',
      'app/lib/x.py': 'print(1)',
    });
    symlinkSync('/etc/passwd', path.join(dir, 'app', 'passwd'));
    symlinkSync('/etc/passwd', path.join(dir, 'stolen.js'));
    const error = await parseProject(directoryFiles(dir), { defaultName: 'app', variables: {} }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProjectError);
    expect(error.problems).toEqual([
      {
        file: 'manifest.yaml',
        line: 5,
        entity: 'action p/copy',
        message: 'function "stolen.js" is not a file or folder of the project (links are not followed).',
      },
    ]);

    writeFileSync(path.join(dir, 'manifest.yaml'), 'packages:\n  p:\n    actions:\n      bundle: {function: app, runtime: nodejs}\n');
    const spec = await parseProject(directoryFiles(dir), { defaultName: 'app', variables: {} });
    const exec = spec.actions[0]!.exec;
    if (!('code' in exec)) throw new Error('not code');
    const zip = new AdmZip(Buffer.from(exec.code, 'base64'));
    expect(zip.getEntries().map((entry) => entry.entryName)).toEqual(['index.js', 'lib/x.py']);
    expect(zip.readAsText('index.js')).toBe('exports.main = () => ({});');
    // The same folder read twice, and the same files from memory, give the same bytes.
    const again = (await parseProject(directoryFiles(dir), { defaultName: 'app', variables: {} })).actions[0]!.exec;
    const fromMemory = (
      await parseProject(
        memoryFiles({
          'manifest.yaml': 'packages:\n  p:\n    actions:\n      bundle: {function: app, runtime: nodejs}\n',
          'app/lib/x.py': 'print(1)',
          'app/index.js': 'exports.main = () => ({});',
        }),
        { defaultName: 'app', variables: {} },
      )
    ).actions[0]!.exec;
    expect(again).toEqual(exec);
    expect(fromMemory).toEqual(exec);
  });

  it('does not find a manifest that is a link', async () => {
    const elsewhere = folder({ 'manifest.yaml': 'packages: {p: {}}' });
    const dir = folder({});
    symlinkSync(path.join(elsewhere, 'manifest.yaml'), path.join(dir, 'manifest.yaml'));
    const error = await parseProject(directoryFiles(dir), { defaultName: 'app', variables: {} }).catch((caught) => caught);
    expect(error.problems).toEqual([{ message: 'no manifest.yaml or manifest.yml in the root of the repository.' }]);
  });
});
