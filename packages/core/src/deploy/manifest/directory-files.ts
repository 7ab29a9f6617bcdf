// ProjectFiles over a folder on disk (a checked-out repository). The folder's
// content is the pusher's, so nothing here follows a symbolic link: a link to
// /etc/passwd or to another tenant's checkout reads as absent, and a listing
// skips links. Every path component is checked with lstat, and the final
// file is opened with O_NOFOLLOW and checked again on the open handle.
import { constants } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_CODE_BYTES } from '../../limits.ts';
import type { ProjectFiles } from '../project-spec.ts';
import { pathSegments } from './project-path.ts';

/**
 * No single file of a project is read past this: the largest code an action
 * may have, with room for a compressible file inside a zipped folder.
 */
export const MAX_FILE_BYTES = 2 * MAX_CODE_BYTES;

/** Thrown for a regular file too large to be part of any action. */
export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {
    super(`the file "${path}" is ${size} bytes; no file of a project may exceed ${MAX_FILE_BYTES} bytes.`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * The folder `dir` as ProjectFiles: regular files and folders only, never
 * through a symbolic link; paths that leave `dir` throw PathEscapeError.
 */
export function directoryFiles(dir: string): ProjectFiles {
  /** The on-disk path of `segments` when every folder on the way is a real folder (not a link), else undefined. */
  async function throughFolders(segments: string[]): Promise<string | undefined> {
    let current = dir;
    for (const segment of segments.slice(0, -1)) {
      current = join(current, segment);
      const info = await lstatOrUndefined(current);
      if (!info?.isDirectory()) return undefined;
    }
    return segments.length ? join(current, segments.at(-1)!) : current;
  }

  async function walk(absolute: string, relative: string, into: string[]): Promise<void> {
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      // Dirent types come from lstat-like information: a link is neither.
      if (entry.isFile()) into.push(path);
      else if (entry.isDirectory()) await walk(join(absolute, entry.name), path, into);
    }
  }

  return {
    async read(path) {
      const segments = pathSegments(path);
      if (segments.length === 0) return undefined;
      const absolute = await throughFolders(segments);
      if (!absolute) return undefined;
      const info = await lstatOrUndefined(absolute);
      if (!info?.isFile()) return undefined;
      // O_NOFOLLOW: a link put in place after the lstat still is not followed;
      // O_NONBLOCK: nor does a FIFO swapped in hang the read.
      const handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ELOOP' || error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (!handle) return undefined;
      try {
        const opened = await handle.stat();
        if (!opened.isFile()) return undefined;
        if (opened.size > MAX_FILE_BYTES) throw new FileTooLargeError(segments.join('/'), opened.size);
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    },
    async list(path) {
      const segments = pathSegments(path);
      const absolute = await throughFolders(segments);
      if (!absolute || !(await isFolder(absolute, segments))) return [];
      const found: string[] = [];
      await walk(absolute, segments.join('/'), found);
      return found.sort();
    },
    async isDirectory(path) {
      const segments = pathSegments(path);
      const absolute = await throughFolders(segments);
      return absolute !== undefined && (await isFolder(absolute, segments));
    },
  };
}

/** Whether `absolute` is a real folder; the root is the caller's and may be reached through a link. */
async function isFolder(absolute: string, segments: string[]): Promise<boolean> {
  const found = segments.length === 0 ? await stat(absolute).catch(() => undefined) : await lstatOrUndefined(absolute);
  return found?.isDirectory() ?? false;
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
