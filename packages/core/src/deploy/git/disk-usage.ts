// How many bytes a directory holds, for the fetch's size bound. Read while git
// writes into it, so entries that vanish between listing and stat (git's
// temporary files being renamed) are skipped rather than failing.
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The total size of the regular files under `dir` (symlinks are not followed). */
export async function diskUsage(dir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await diskUsage(path);
    else if (entry.isFile())
      total += await lstat(path).then(
        (stats) => stats.size,
        () => 0,
      );
  }
  return total;
}
