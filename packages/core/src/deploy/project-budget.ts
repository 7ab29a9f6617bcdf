// Bounds on what one project may cost the worker that deploys it. A
// manifest's YAML aliases can name one big file or folder from thousands of
// actions, so the bound is on bytes actually read, and on entities.
import { tooLarge } from '../errors.ts';
import { MB } from '../limits.ts';
import type { ProjectFiles, ProjectSpec } from './project-spec.ts';

/** Bytes of project files one deployment may read, all actions together. */
export const MAX_PROJECT_READ_BYTES = 128 * MB;
/** Packages, actions, triggers and rules of one project, together. */
export const MAX_PROJECT_ENTITIES = 1_000;

/** `files`, refusing (413) once more than `maxBytes` have been read through it. */
export function budgetedFiles(files: ProjectFiles, maxBytes = MAX_PROJECT_READ_BYTES): ProjectFiles {
  let read = 0;
  return {
    list: (dir) => files.list(dir),
    isDirectory: (path) => files.isDirectory(path),
    async read(path) {
      const refuse = () =>
        tooLarge(`The project reads more than ${maxBytes / MB} MB of files (at ${path}); a project's actions may hold at most that much code together.`);
      // Once over, nothing more is read at all: the parser may go on asking, for every action an alias names.
      if (read > maxBytes) throw refuse();
      const bytes = await files.read(path);
      read += bytes?.length ?? 0;
      if (read > maxBytes) throw refuse();
      return bytes;
    },
  };
}

export function assertProjectSize(spec: ProjectSpec): void {
  const entities = spec.packages.length + spec.actions.length + spec.triggers.length + spec.rules.length;
  if (entities > MAX_PROJECT_ENTITIES) {
    throw tooLarge(`The project declares ${entities} entities; a project may have at most ${MAX_PROJECT_ENTITIES}.`);
  }
}
