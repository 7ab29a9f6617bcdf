// ProjectFiles over an in-memory map: for tests, and for a project that
// arrives as an upload rather than as a folder on disk.
import type { ProjectFiles } from '../project-spec.ts';
import { normalizePath } from './project-path.ts';

/**
 * The files of `map` (path → content; strings are UTF-8) as a project.
 * Folders are implied by the paths. Paths are normalised as directoryFiles
 * does, and a path that leaves the root is refused, in the map and in calls.
 */
export function memoryFiles(map: Record<string, string | Buffer>): ProjectFiles {
  const files = new Map<string, Buffer>();
  for (const [path, content] of Object.entries(map)) {
    files.set(normalizePath(path), typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  }
  const isDirectory = (dir: string) => dir === '' || [...files.keys()].some((path) => path.startsWith(`${dir}/`));
  return {
    async read(path) {
      const bytes = files.get(normalizePath(path));
      return bytes && Buffer.from(bytes);
    },
    async list(dir) {
      const base = normalizePath(dir);
      const prefix = base ? `${base}/` : '';
      return [...files.keys()].filter((path) => path.startsWith(prefix)).sort();
    },
    async isDirectory(path) {
      return isDirectory(normalizePath(path));
    },
  };
}
