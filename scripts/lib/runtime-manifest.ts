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
  /** Folder under runtimes/ holding the Dockerfile and the action proxy. */
  dir: string;
  image: string;
  /** Action kinds this image serves, e.g. `nodejs:18`. */
  kinds: string[];
  /** The kind that `<family>:default` resolves to; one of `kinds`. */
  default: string;
  /** npm packages copied from the repository's node_modules into the image (with their dependencies). */
  modules?: string[];
}

export interface RuntimeManifest {
  base: BaseImageSpec;
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
  const base = m?.base;
  if (!base || typeof base.image !== 'string' || typeof base.suite !== 'string' || !isStrings(base.include)) {
    fail('"base" needs image, suite and include (a list of package names)');
  }
  if (!Array.isArray(m?.runtimes) || m.runtimes.length === 0) fail('"runtimes" must be a non-empty list');
  const seen = new Set<string>();
  for (const rt of m!.runtimes!) {
    if (typeof rt?.dir !== 'string' || !/^[\w.-]+$/.test(rt.dir) || rt.dir.startsWith('.'))
      fail(`runtime dir ${JSON.stringify(rt?.dir)} must be a plain folder name`);
    if (typeof rt.image !== 'string' || !rt.image) fail(`runtime ${rt.dir}: "image" is required`);
    if (!isStrings(rt.kinds) || rt.kinds.length === 0) fail(`runtime ${rt.dir}: "kinds" must be a non-empty list`);
    if (rt.modules !== undefined && !isStrings(rt.modules)) fail(`runtime ${rt.dir}: "modules" must be a list of package names`);
    if (!rt.kinds.includes(rt.default)) fail(`runtime ${rt.dir}: default ${JSON.stringify(rt.default)} is not one of its kinds`);
    for (const kind of rt.kinds) {
      // packages/core derives `<dir>:default` from the folder name, so the folder is the kind's family.
      if (!kind.startsWith(`${rt.dir}:`)) fail(`runtime ${rt.dir}: kind ${kind} must be "${rt.dir}:<version>"`);
      if (seen.has(kind)) fail(`kind ${kind} is served by two runtimes`);
      seen.add(kind);
    }
  }
  return m as RuntimeManifest;
}
