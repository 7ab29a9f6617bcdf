import { randomBytes } from 'node:crypto';
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { ZipWriter } from './zip-writer.ts';

function zipOf(files: Array<[string, Buffer]>): Buffer {
  const writer = new ZipWriter();
  for (const [name, data] of files) writer.add(name, data);
  return writer.finish();
}

describe('ZipWriter', () => {
  it('writes a zip adm-zip reads back, deflating what compresses and storing what does not', () => {
    const text = Buffer.from('hello zip\n'.repeat(1000));
    const noise = randomBytes(4096);
    const zip = new AdmZip(
      zipOf([
        ['a/text.txt', text],
        ['noise.bin', noise],
        ['empty', Buffer.alloc(0)],
        ['ünï.txt', Buffer.from('utf-8 name')],
      ]),
    );
    const entries = zip.getEntries();
    expect(entries.map((entry) => entry.entryName)).toEqual(['a/text.txt', 'noise.bin', 'empty', 'ünï.txt']);
    expect(entries.map((entry) => entry.header.method)).toEqual([8, 0, 0, 0]);
    expect(zip.readFile('a/text.txt')).toEqual(text);
    expect(zip.readFile('noise.bin')).toEqual(noise);
    expect(zip.readFile('empty')).toEqual(Buffer.alloc(0));
    expect(zip.readAsText('ünï.txt')).toBe('utf-8 name');
    expect(entries[0]!.header.time.getFullYear()).toBe(1980);
    expect((entries[0]!.header.attr >>> 16) & 0o777).toBe(0o644);
  });

  it('gives the same bytes for the same files, whenever it runs', () => {
    const files: Array<[string, Buffer]> = [
      ['index.js', Buffer.from('exports.main = () => 1;')],
      ['lib/util.js', Buffer.from('module.exports = {};')],
    ];
    expect(zipOf(files).equals(zipOf(files))).toBe(true);
  });

  it('writes a valid empty archive', () => {
    expect(new AdmZip(zipOf([])).getEntries()).toEqual([]);
  });
});
