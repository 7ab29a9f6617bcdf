// An action's `function:`: a source file (its text), a .zip (its bytes in
// base64) or a folder (zipped here, as it is). Paths are the manifest's,
// relative to the project's folder, and may not leave it.
import { MAX_CODE_BYTES } from '../../limits.ts';
import type { SourceLocation } from '../project-spec.ts';
import type { ParseContext } from './context.ts';
import { joinInside, PathEscapeError } from './project-path.ts';
import { MAX_ZIP_ENTRIES, ZipWriter } from './zip-writer.ts';

export interface ActionCode {
  code: string;
  binary: boolean;
  /** What the code came from, for the runtime inference and its messages. */
  form: 'file' | 'zip' | 'folder' | 'inline';
}

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The code `function` names; undefined (with problems) when it cannot be deployed. */
export async function loadFunction(path: string, at: SourceLocation, context: ParseContext, entity: string): Promise<ActionCode | undefined> {
  const { files, problems } = context;
  let full: string;
  try {
    full = joinInside(context.root, path);
  } catch (error) {
    if (!(error instanceof PathEscapeError)) throw error;
    problems.add(at, `function ${JSON.stringify(path)} leaves the project folder; give a path inside it.`, entity);
    return undefined;
  }
  try {
    if (await files.isDirectory(full)) return await zipFolder(full, path, at, context, entity);
    const bytes = await files.read(full);
    if (!bytes) {
      problems.add(at, `function ${JSON.stringify(path)} is not a file or folder of the project (links are not followed).`, entity);
      return undefined;
    }
    if (path.toLowerCase().endsWith('.zip')) {
      if (bytes.length < 4 || (bytes.readUInt32LE(0) !== 0x04034b50 && bytes.readUInt32LE(0) !== 0x06054b50)) {
        problems.add(at, `function ${JSON.stringify(path)} is named .zip but is not a zip file.`, entity);
        return undefined;
      }
      return withinLimit({ code: bytes.toString('base64'), binary: true, form: 'zip' }, path, at, context, entity);
    }
    let code: string;
    try {
      code = utf8.decode(bytes);
    } catch {
      problems.add(at, `function ${JSON.stringify(path)} is not UTF-8 text; give binary code as a .zip or a folder.`, entity);
      return undefined;
    }
    return withinLimit({ code, binary: false, form: 'file' }, path, at, context, entity);
  } catch (error) {
    // A file the folder refuses (too large, unreadable) is this action's problem, not the parse's end.
    problems.add(at, `function ${JSON.stringify(path)}: ${(error as Error).message}`, entity);
    return undefined;
  }
}

/**
 * The folder's regular files in one zip, paths relative to the folder, in
 * sorted order: the same folder always gives the same bytes (the writer adds
 * no timestamps). Stops as soon as the archive would exceed the code limit.
 */
async function zipFolder(full: string, path: string, at: SourceLocation, context: ParseContext, entity: string): Promise<ActionCode | undefined> {
  const { files, problems } = context;
  const prefix = full ? `${full}/` : '';
  const names = (await files.list(full)).map((name) => name.slice(prefix.length)).sort();
  if (names.length === 0) {
    problems.add(at, `function ${JSON.stringify(path)} is a folder with no files in it.`, entity);
    return undefined;
  }
  if (names.length > MAX_ZIP_ENTRIES) {
    problems.add(at, `function ${JSON.stringify(path)} holds ${names.length} files; an action's folder may hold at most ${MAX_ZIP_ENTRIES}.`, entity);
    return undefined;
  }
  const zip = new ZipWriter();
  for (const name of names) {
    const bytes = await files.read(`${prefix}${name}`);
    if (!bytes) continue; // gone since the listing, or not a regular file after all
    zip.add(name, bytes);
    if (base64Length(zip.size) > MAX_CODE_BYTES) {
      problems.add(at, `function ${JSON.stringify(path)} zips to more than the ${MAX_CODE_BYTES}-byte code limit (as base64).`, entity);
      return undefined;
    }
  }
  return withinLimit({ code: zip.finish().toString('base64'), binary: true, form: 'folder' }, path, at, context, entity);
}

/** `code` when it fits the platform's code limit (a zip counted as its base64), else a problem. */
export function withinLimit(code: ActionCode, path: string, at: SourceLocation, context: ParseContext, entity: string): ActionCode | undefined {
  const size = Buffer.byteLength(code.code, code.binary ? 'ascii' : 'utf8');
  if (size <= MAX_CODE_BYTES) return code;
  const what = code.binary ? 'bytes as base64' : 'bytes';
  const source = code.form === 'inline' ? 'the inline code' : `function ${JSON.stringify(path)}`;
  context.problems.add(at, `${source} is ${size} ${what}; the code limit is ${MAX_CODE_BYTES} bytes.`, entity);
  return undefined;
}
