// The Node.js proxy's zip reader (runtimes/nodejs/zip.js), on zips made by
// adm-zip as a client would make them: what is extracted, and what is refused.
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, existsSync, lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { extractZip } = require('../nodejs/zip.js') as { extractZip: (zip: Buffer, dest: string) => void };
const { InitError } = require('../nodejs/errors.js') as { InitError: new (message: string) => Error };

const UNIX_FILE = 0o100000;
const UNIX_LINK = 0o120000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** An entry with unix mode bits (file type and permissions), as zip -y or Info-ZIP writes them. */
function addWithMode(zip: AdmZip, name: string, data: Buffer, mode: number): void {
  zip.addFile(name, data);
  zip.getEntry(name)!.attr = mode * 0x10000; // the high half of the external attributes
}
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brisk-zip-test-'));
  dirs.push(dir);
  return dir;
}

describe('the Node.js proxy zip reader', () => {
  it('extracts stored and deflated entries into folders, keeping an executable bit', () => {
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from('exports.main = () => ({ ok: true });\n'.repeat(50)));
    zip.addFile('lib/data.bin', Buffer.from([0, 1, 2, 3]));
    addWithMode(zip, 'bin/tool', Buffer.from('#!/bin/sh\necho hi\n'), UNIX_FILE | 0o755);
    zip.getEntry('lib/data.bin')!.header.method = 0; // stored
    const dest = tempDir();
    extractZip(zip.toBuffer(), dest);
    expect(readFileSync(path.join(dest, 'index.js'), 'utf8')).toBe('exports.main = () => ({ ok: true });\n'.repeat(50));
    expect([...readFileSync(path.join(dest, 'lib/data.bin'))]).toEqual([0, 1, 2, 3]);
    expect(statSync(path.join(dest, 'bin/tool')).mode & 0o111).toBe(0o111);
  });

  it('refuses an entry that climbs out of the destination, naming it', () => {
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from('x'));
    const bytes = zip.toBuffer();
    // adm-zip normalises names, so the climbing name is written into the bytes (same length).
    const evil = Buffer.from(bytes.toString('latin1').replaceAll('index.js', '../ev.js'), 'latin1');
    const dest = tempDir();
    expect(() => extractZip(evil, dest)).toThrow(InitError);
    expect(() => extractZip(evil, dest)).toThrow('the zip file has an entry outside its root: ../ev.js');
    expect(existsSync(path.join(dest, '..', 'ev.js'))).toBe(false);
  });

  it('makes symbolic links last, so that no entry is written through one', () => {
    const outside = tempDir();
    const zip = new AdmZip();
    zip.addFile('index.js', Buffer.from('x'));
    addWithMode(zip, 'out', Buffer.from(outside), UNIX_LINK | 0o777);
    zip.addFile('out/planted.js', Buffer.from('planted'));
    const dest = tempDir();
    // The link's place is a real folder by then: the link cannot be made, and nothing reached `outside`.
    expect(() => extractZip(zip.toBuffer(), dest)).toThrow();
    expect(existsSync(path.join(outside, 'planted.js'))).toBe(false);

    const linkOnly = new AdmZip();
    linkOnly.addFile('index.js', Buffer.from('x'));
    addWithMode(linkOnly, 'config', Buffer.from('/etc/hostname'), UNIX_LINK | 0o777);
    const dest2 = tempDir();
    extractZip(linkOnly.toBuffer(), dest2);
    expect(lstatSync(path.join(dest2, 'config')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dest2, 'config'))).toBe('/etc/hostname');
  });

  it('says plainly when the bytes are not a zip', () => {
    expect(() => extractZip(Buffer.from('console.log("not a zip")'.repeat(4)), tempDir())).toThrow('the code is marked binary but is not a zip file.');
  });
});
