// Copies npm packages a runtime image preinstalls (runtimes/manifest.json's
// `modules`, e.g. `openwhisk` for Node.js) with their production dependencies
// from this repository's node_modules into an image build context. Images are
// built offline: nothing is downloaded, the packages are those the lockfile
// installed, and their bytes are part of the context's hash, so an image is
// rebuilt exactly when they change.
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The package folders (relative to `root`, e.g. `node_modules/needle`) that
 * `names` and their `dependencies` resolve to, as Node would resolve them
 * from each requiring package. Throws when one is not installed.
 */
export async function moduleClosure(root: string, names: string[]): Promise<string[]> {
  const found = new Set<string>();
  const queue: { name: string; from: string }[] = names.map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const dir = await resolvePackage(root, from, name);
    const rel = path.relative(root, dir);
    if (found.has(rel)) continue;
    found.add(rel);
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dependency, from: dir });
  }
  return [...found].sort();
}

/** Copies each package folder of `moduleClosure` to the same relative place under `context`. */
export async function vendorModules(root: string, names: string[], context: string): Promise<string[]> {
  const folders = await moduleClosure(root, names);
  for (const folder of folders) {
    const source = path.join(root, folder);
    // A package's own node_modules holds only what the closure lists separately (or nothing it needs).
    await cp(source, path.join(context, folder), {
      recursive: true,
      filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'node_modules',
    });
  }
  return folders;
}

async function resolvePackage(root: string, from: string, name: string): Promise<string> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    const exists = await readFile(path.join(candidate, 'package.json')).then(
      () => true,
      () => false,
    );
    if (exists) return candidate;
    if (dir === root || !dir.startsWith(root)) break;
  }
  throw new Error(`${name} (needed by ${path.relative(root, from) || 'the runtime'}) is not in node_modules: run npm ci`);
}
